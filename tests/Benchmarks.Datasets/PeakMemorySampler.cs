using System.Diagnostics;

namespace Benchmarks.Datasets;

/// <summary>Samples the managed heap and the working set every 20 ms and keeps the peaks.</summary>
internal sealed class PeakMemorySampler : IDisposable
{
    private readonly long _baselineWorkingSet = Environment.WorkingSet;
    private readonly Timer _timer;

    public PeakMemorySampler() => _timer = new Timer(_ => Sample(), null, 0, 20);

    public long PeakManagedBytes { get; private set; }

    public long PeakWorkingSetGrowth { get; private set; }

    public void Dispose()
    {
        _timer.Dispose();
        Sample();
    }

    private void Sample()
    {
        using Process self = Process.GetCurrentProcess();
        PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(forceFullCollection: false));
        PeakWorkingSetGrowth = Math.Max(PeakWorkingSetGrowth, self.WorkingSet64 - _baselineWorkingSet);
    }
}
