namespace Sandbox.Orchestrator.Culling;

/// <summary>Asks a running session's notebook server how it is used.</summary>
internal interface INotebookActivitySource
{
    /// <summary>Reads the activity of the notebook of <paramref name="sessionId"/> at <paramref name="address"/>, with its <paramref name="token"/>.</summary>
    Task<NotebookActivityReading> ReadAsync(Uri address, string sessionId, string token, CancellationToken cancellationToken);
}
