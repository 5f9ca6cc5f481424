namespace Sandbox.NotebookProxy.Forwarding;

/// <summary>What else was true when the forwarder reported an error: who ended the exchange, and whether the caller already
/// has a status line.</summary>
internal readonly record struct ExchangeState(bool CallerGone, bool ClosedByRegistry, bool HandshakeTimedOut, bool ResponseStarted);
