namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>What <see cref="EchoingNotebookServer"/>'s /echo endpoint saw.</summary>
internal sealed record EchoedRequest(string Method, string RawTarget, Dictionary<string, string> Headers, long BodyLength);
