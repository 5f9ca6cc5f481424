namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// The answer to "how is this notebook used?": the <see cref="Activity"/>, or a stable <see cref="Failure"/> reason
/// (<c>unreachable</c>, <c>timeout</c>, <c>http_{status}</c>, <c>unreadable</c>, <c>no_endpoint</c>) when it could not be told.
/// </summary>
internal sealed record NotebookActivityReading(NotebookActivity? Activity, string? Failure)
{
    /// <summary>The server answered.</summary>
    public static NotebookActivityReading Of(NotebookActivity activity) => new(activity, null);

    /// <summary>The server could not be asked or did not answer usefully.</summary>
    public static NotebookActivityReading Failed(string failure) => new(null, failure);
}
