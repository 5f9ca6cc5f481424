using System.Net;

namespace Sandbox.Runtime.Docker.Engine;

/// <summary>
/// The engine answered with an error status. Callers decide what a status means for them
/// (a 409 on create means "adopt", a 404 on delete means "done"), so the status is kept typed.
/// </summary>
internal sealed class DockerEngineException : Exception
{
    public DockerEngineException(HttpStatusCode statusCode, string operation, string engineMessage)
        : base($"Docker engine refused {operation}: {(int)statusCode} {engineMessage}")
    {
        StatusCode = statusCode;
        Operation = operation;
        EngineMessage = engineMessage;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>What was asked, for example <c>create container sandbox-s-42</c>.</summary>
    public string Operation { get; }

    /// <summary>The engine's own <c>message</c>.</summary>
    public string EngineMessage { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;
}
