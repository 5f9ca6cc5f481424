namespace Benchmarks.Kubernetes;

/// <summary>Results as Markdown lines, ready for docs/benchmarks.md.</summary>
internal static class Report
{
    public static void Line(string text) => Console.WriteLine(text);
}
