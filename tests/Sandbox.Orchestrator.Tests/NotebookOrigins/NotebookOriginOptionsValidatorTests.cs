using Sandbox.Orchestrator.NotebookOrigins;

namespace Sandbox.Orchestrator.Tests.NotebookOrigins;

public sealed class NotebookOriginOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.True(new NotebookOriginOptionsValidator().Validate(null, new NotebookOriginOptions()).Succeeded);

    [Fact]
    public void Every_mistake_is_named_at_once()
    {
        var result = new NotebookOriginOptionsValidator().Validate(null, new NotebookOriginOptions
        {
            NotebookHost = "http://nb.example/",
            PortalOrigin = "https://coop.example/portal",
            HandoffLifetime = TimeSpan.Zero,
            CookieLifetime = TimeSpan.FromDays(2),
        });
        Assert.False(result.Succeeded);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("NotebookHost", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("PortalOrigin", StringComparison.Ordinal));
    }
}
