using Microsoft.AspNetCore.Http.Features;

namespace Sandbox.NotebookProxy.Metrics;

/// <summary>
/// The caller's HTTP/1.1 upgrade, with the upgraded (WebSocket) stream counted: what the caller sends goes to the
/// notebook, what is written to it came from the notebook. Says whether the upgrade happened, for the open-socket gauge.
/// </summary>
internal sealed class CountingUpgradeFeature(IHttpUpgradeFeature inner, NotebookProxyMetrics metrics) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    /// <summary>Whether the connection was upgraded (the socket counted open until the exchange ends).</summary>
    public bool Upgraded { get; private set; }

    public async Task<Stream> UpgradeAsync()
    {
        var stream = await inner.UpgradeAsync().ConfigureAwait(false);
        Upgraded = true;
        metrics.WebSocketOpened();
        return new CountingStream(stream, metrics.ToNotebook, metrics.FromNotebook, leaveOpen: false);
    }
}
