namespace Sandbox.NotebookProxy.Connections;

/// <summary>Whose connection to which session: the unit that access is granted and revoked in.</summary>
internal readonly record struct ConnectionKey(string SessionId, string Owner);
