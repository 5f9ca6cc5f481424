namespace Sandbox.Orchestrator.Live;

/// <summary>
/// The <c>subscribed</c> message a client gets once on connecting, after its snapshot (<paramref name="Snapshot"/>
/// <c>sessionUpdated</c> messages): from here on every change it may see reaches it. SignalR answers the handshake before
/// the hub has registered the connection, so a client that fetches state when <c>start()</c> returns may miss a change made
/// in between; one that fetches on this message misses nothing.
/// </summary>
internal sealed record LiveSubscribed(int Snapshot);
