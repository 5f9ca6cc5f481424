namespace Sandbox.Orchestrator.Sessions;

/// <summary>Whether anything accepts connections at a notebook's address yet: the cheap first step of a readiness probe.</summary>
internal interface INotebookPortCheck
{
    /// <summary>True once a TCP connection to <paramref name="endpoint"/>'s host and port is accepted within <paramref name="timeout"/>.</summary>
    ValueTask<bool> IsListeningAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken);
}
