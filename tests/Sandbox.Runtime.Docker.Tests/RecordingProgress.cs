namespace Sandbox.Runtime.Docker.Tests;

/// <summary>An <see cref="IProgress{T}"/> that keeps every report, synchronously (no SynchronizationContext hop).</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
