using System.Globalization;

namespace Benchmarks.Proxy;

/// <summary>
/// Command line of the proxy benchmark. Without <c>--upstream</c> a small in-process notebook stand-in is started;
/// with it (for example <c>--upstream http://172.18.0.5:8888 --token T --base /s/abc/</c>) a real Jupyter is measured.
/// </summary>
internal sealed record BenchmarkSettings(
    Uri? Upstream,
    string Token,
    string BasePath,
    string RequestPath,
    int Rounds,
    int DurationSeconds,
    int Connections,
    int Threads)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var basePath = values.GetValueOrDefault("base", "/s/bench/");
        if (!basePath.StartsWith('/') || !basePath.EndsWith('/'))
        {
            throw new ArgumentException("--base must start and end with '/', like /s/{sessionId}/.");
        }

        return new BenchmarkSettings(
            values.TryGetValue("upstream", out var upstream) ? new Uri(upstream) : null,
            values.GetValueOrDefault("token", "bench-token"),
            basePath,
            values.GetValueOrDefault("path", "api/status"),
            Int("rounds", 3),
            Int("duration", 10),
            Int("connections", 32),
            Int("threads", 2));

        int Int(string name, int fallback) =>
            values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The session id is the last segment of the base path, /s/{sessionId}/.</summary>
    public string SessionId => BasePath.TrimEnd('/').Split('/')[^1];
}
