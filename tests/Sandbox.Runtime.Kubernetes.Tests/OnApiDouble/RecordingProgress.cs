namespace Sandbox.Runtime.Kubernetes.Tests.OnApiDouble;

/// <summary>Keeps every step a start reports, as it reports it.</summary>
internal sealed class RecordingProgress : IProgress<RuntimeProgress>
{
    private readonly List<RuntimeProgress> _steps = [];

    public IReadOnlyList<RuntimeProgress> Steps
    {
        get
        {
            lock (_steps)
            {
                return [.. _steps];
            }
        }
    }

    public void Report(RuntimeProgress value)
    {
        lock (_steps)
        {
            _steps.Add(value);
        }
    }
}
