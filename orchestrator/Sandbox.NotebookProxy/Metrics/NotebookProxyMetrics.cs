using System.Diagnostics.Metrics;
using Sandbox.NotebookProxy.Problems;

namespace Sandbox.NotebookProxy.Metrics;

/// <summary>
/// The proxy's instruments (meter <see cref="MeterName"/>): requests by kind (http, websocket) and outcome, bytes by
/// direction, and WebSockets open now. Tags never name a session or a member.
/// </summary>
public sealed class NotebookProxyMetrics
{
    public const string MeterName = "Sandbox.NotebookProxy";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _bytes;
    private readonly UpDownCounter<long> _openWebSockets;

    public NotebookProxyMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("sandbox.proxy.requests", "{request}", "Requests to notebooks by kind (http, websocket) and outcome (forwarded, or why not).");
        _bytes = meter.CreateCounter<long>("sandbox.proxy.bytes", "By", "Body and WebSocket bytes through the proxy by direction (to_notebook, from_notebook).");
        _openWebSockets = meter.CreateUpDownCounter<long>("sandbox.proxy.websockets.open", "{websocket}", "WebSockets to notebooks open now.");
    }

    internal void RequestEnded(bool isWebSocket, ProxyFailure outcome) =>
        _requests.Add(1, new("kind", isWebSocket ? "websocket" : "http"), new("outcome", OutcomeName(outcome)));

    internal void ToNotebook(int count) => _bytes.Add(count, new KeyValuePair<string, object?>("direction", "to_notebook"));

    internal void FromNotebook(int count) => _bytes.Add(count, new KeyValuePair<string, object?>("direction", "from_notebook"));

    internal void WebSocketOpened() => _openWebSockets.Add(1);

    internal void WebSocketClosed() => _openWebSockets.Add(-1);

    private static string OutcomeName(ProxyFailure outcome) => outcome switch
    {
        ProxyFailure.None => "forwarded",
        ProxyFailure.SessionNotFound => "session_not_found",
        ProxyFailure.OriginRefused => "origin_refused",
        ProxyFailure.BrowserRefused => "browser_refused",
        ProxyFailure.UpstreamUnavailable => "upstream_unavailable",
        ProxyFailure.UpstreamTimeout => "upstream_timeout",
        ProxyFailure.RequestBodyTooLarge => "request_body_too_large",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
