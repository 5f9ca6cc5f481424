namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// What a notebook server says about its use: its own last activity (<c>GET api/status</c>: authenticated API requests,
/// kernel messages, terminals; not <c>api/status</c> itself, which Jupyter does not count), its open kernel connections,
/// and each kernel.
/// </summary>
internal sealed record NotebookActivity(DateTimeOffset LastActivity, int Connections, IReadOnlyList<KernelActivity> Kernels)
{
    /// <summary>
    /// When the notebook was last used, seen at <paramref name="now"/>: the latest of the reported instants, or now while
    /// any kernel is busy. Open connections alone are not use (a forgotten browser tab keeps one open all night).
    /// </summary>
    public DateTimeOffset LatestAt(DateTimeOffset now)
    {
        if (Kernels.Any(k => k.IsBusy))
        {
            return now;
        }

        var latest = LastActivity;
        foreach (var kernel in Kernels)
        {
            latest = kernel.LastActivity > latest ? kernel.LastActivity : latest;
        }

        return latest;
    }
}
