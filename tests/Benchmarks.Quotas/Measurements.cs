using System.Diagnostics;

namespace Benchmarks.Quotas;

/// <summary>Timing helpers: medians of repeated runs and percentiles of single calls.</summary>
internal static class Measurements
{
    public static double MedianMilliseconds(int runs, Action action)
    {
        // Wall time is what the target is about; CPU time is printed too because on a shared machine
        // (other builds running) it shows the work itself, free of waiting for a core.
        var times = new double[runs];
        var cpuTimes = new double[runs];
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            // The previous run's garbage would otherwise add to this run's peak working set.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            cpuTimes[i] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
            Console.WriteLine($"  run {i + 1}: {times[i]:F0} ms wall, {cpuTimes[i]:F0} ms CPU");
        }

        Array.Sort(times);
        Array.Sort(cpuTimes);
        Console.WriteLine($"  median CPU time {cpuTimes[runs / 2]:F0} ms");
        return times[runs / 2];
    }

    public static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    public static string PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return $"{process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB";
    }
}
