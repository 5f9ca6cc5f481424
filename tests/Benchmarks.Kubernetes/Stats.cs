namespace Benchmarks.Kubernetes;

/// <summary>Percentiles by the nearest-rank method.</summary>
internal static class Stats
{
    public static double P(IReadOnlyCollection<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
