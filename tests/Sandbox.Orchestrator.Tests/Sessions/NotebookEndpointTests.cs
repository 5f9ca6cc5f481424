using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>When a replica's memory of a notebook may answer the proxy: a ready notebook always, a start only while fresh.</summary>
public sealed class NotebookEndpointTests
{
    private static readonly DateTimeOffset SeenAt = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_start_is_believed_while_fresh_and_then_no_longer()
    {
        var starting = new NotebookEndpoint(new Uri("http://127.0.0.1:9/"), "m-1", "token", SeenAt, Ready: false);

        Assert.True(starting.IsCurrent(SeenAt + NotebookEndpoint.StartingTrustedFor - TimeSpan.FromMilliseconds(1)));
        Assert.False(starting.IsCurrent(SeenAt + NotebookEndpoint.StartingTrustedFor));
    }

    [Fact]
    public void A_ready_notebook_is_believed_however_long_ago_it_was_seen() =>
        Assert.True(new NotebookEndpoint(new Uri("http://127.0.0.1:9/"), "m-1", "token", SeenAt, Ready: true).IsCurrent(SeenAt + TimeSpan.FromDays(3)));
}
