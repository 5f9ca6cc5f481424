namespace Sandbox.NotebookProxy.Tests;

public sealed class NotebookProxyOptionsValidatorTests
{
    private readonly NotebookProxyOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new NotebookProxyOptions()).Succeeded);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new NotebookProxyOptions
        {
            ConnectTimeout = TimeSpan.Zero,
            ResponseHeadersTimeout = TimeSpan.FromSeconds(-1),
            WebSocketIdleTimeout = TimeSpan.Zero,
            MaxRequestBodySize = 0,
            StrippedCookiePrefixes = { "" },
            AllowedOrigins = { "https://portal.example/path", "ftp://files.example" },
            FrameAncestors = { "'self'" },
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(8, result.Failures!.Count());
    }

    [Fact]
    public void A_timeout_the_forwarder_cannot_hold_is_refused()
    {
        var options = new NotebookProxyOptions { WebSocketIdleTimeout = TimeSpan.FromDays(30) };

        Assert.True(_validator.Validate(null, options).Failed);
    }

    [Fact]
    public void Infinite_idle_timeout_and_no_body_limit_are_allowed()
    {
        var options = new NotebookProxyOptions { WebSocketIdleTimeout = Timeout.InfiniteTimeSpan, MaxRequestBodySize = null };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }
}
