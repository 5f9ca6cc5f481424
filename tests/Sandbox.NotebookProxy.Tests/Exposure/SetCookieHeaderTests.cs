using Sandbox.NotebookProxy.Exposure;

namespace Sandbox.NotebookProxy.Tests.Exposure;

public sealed class SetCookieHeaderTests
{
    [Theory]
    [InlineData("a=1", "a", false)]
    [InlineData(" name = v ; Path=/", "name", false)]
    [InlineData("flag; Domain=x.test", "flag", true)]
    [InlineData("a=domain=x; Path=/", "a", false)]
    [InlineData("a=1; Path=/domain", "a", false)]
    [InlineData("a=1; ;domain", "a", true)]
    public void Name_and_domain_attribute_are_read_as_browsers_read_them(string setCookie, string name, bool hasDomain)
    {
        Assert.Equal(name, SetCookieHeader.Name(setCookie).ToString());
        Assert.Equal(hasDomain, SetCookieHeader.HasDomainAttribute(setCookie));
    }
}
