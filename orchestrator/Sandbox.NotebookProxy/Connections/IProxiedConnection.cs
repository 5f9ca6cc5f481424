namespace Sandbox.NotebookProxy.Connections;

/// <summary>Something live that the proxy forwards for a caller: an HTTP request in flight or a WebSocket relay.</summary>
internal interface IProxiedConnection
{
    /// <summary>Ends it now. Safe to call from any thread, more than once, and after it already ended on its own.</summary>
    void Close();

    /// <summary>Whether it is a WebSocket relay (long-lived: a replica going down closes it rather than wait for its end).</summary>
    bool IsWebSocket => false;
}
