using System.Text.Json;

namespace Sandbox.Testing.Browser;

/// <summary>
/// The commands and events of one DevTools target over the shared connection: the browser itself (no session id)
/// or a page attached with <c>Target.attachToTarget</c> and <c>flatten: true</c>.
/// </summary>
public sealed class CdpSession(CdpConnection connection, string? sessionId)
{
    /// <summary>Long enough for a notebook launch request answered by a busy 2-core machine; short enough that a hung browser fails the test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Null for the browser-level session.</summary>
    public string? SessionId { get; } = sessionId;

    public Task<JsonElement> SendAsync(string method, object? parameters = null, TimeSpan? timeout = null) =>
        connection.SendAsync(method, parameters, SessionId, timeout ?? DefaultTimeout);

    public IDisposable Subscribe(string method, Action<JsonElement> handler) =>
        connection.Subscribe(SessionId, method, handler);
}
