using Sandbox.Orchestrator.NotebookOrigins;

namespace Sandbox.Orchestrator.Tests.NotebookOrigins;

public sealed class NotebookPathsTests
{
    private const string Id = "abcdefghijklmnop";

    [Theory]
    [InlineData("/s/abcdefghijklmnop/", true)]
    [InlineData("/s/abcdefghijklmnop/notebooks/a.ipynb?kernel_name=python3", true)]
    [InlineData("/s/qbcdefghijklmnop/tree", false)]
    [InlineData("/s/abcdefghijklmnop", false)]
    [InlineData("//evil.example/", false)]
    [InlineData("https://evil.example/s/abcdefghijklmnop/", false)]
    [InlineData("/s/abcdefghijklmnop/../../api/v1/me", false)]
    [InlineData("/s/abcdefghijklmnop//evil.example", false)]
    [InlineData("/s/abcdefghijklmnop/\\evil", false)]
    [InlineData("/s/abcdefghijklmnop/a\r\nSet-Cookie: x=1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_paths_inside_the_session_are_followed(string? path, bool followed) =>
        Assert.Equal(followed, NotebookPaths.IsWithinSession(path, Id));
}
