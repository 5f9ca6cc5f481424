using System.Globalization;

namespace Benchmarks.Proxy;

/// <summary>
/// Command line of the proxy benchmark. Without <c>--upstream</c> a small in-process notebook stand-in is started;
/// with it (for example <c>--upstream http://172.18.0.5:8888 --token T --base /s/abc/</c>) a real Jupyter is measured.
/// <c>--compare name=http://host:port[,name=...]</c> adds proxies running elsewhere (another build serving with
/// <c>--serve proxy</c>) to the same alternated rounds. <c>--serve stand-in|proxy --port N</c> only serves, until stopped.
/// </summary>
internal sealed record BenchmarkSettings(
    Uri? Upstream,
    string Token,
    string BasePath,
    string RequestPath,
    int Rounds,
    int DurationSeconds,
    int Connections,
    int Threads,
    string? Serve,
    int Port,
    IReadOnlyList<(string Name, Uri Address)> Compared)
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

        var serve = values.GetValueOrDefault("serve");
        if (serve is not (null or "stand-in" or "proxy"))
        {
            throw new ArgumentException("--serve is stand-in or proxy.");
        }

        return new BenchmarkSettings(
            values.TryGetValue("upstream", out var upstream) ? new Uri(upstream) : null,
            values.GetValueOrDefault("token", "bench-token"),
            basePath,
            values.GetValueOrDefault("path", "api/status"),
            Int("rounds", 3),
            Int("duration", 10),
            Int("connections", 32),
            Int("threads", 2),
            serve,
            Int("port", 0),
            values.TryGetValue("compare", out var compared) ? ParseCompared(compared) : []);

        int Int(string name, int fallback) =>
            values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The session id is the last segment of the base path, /s/{sessionId}/.</summary>
    public string SessionId => BasePath.TrimEnd('/').Split('/')[^1];

    private static List<(string, Uri)> ParseCompared(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--compare wants name=http://host:port, got '{entry}'.");
            }

            return (entry[..equals], new Uri(entry[(equals + 1)..]));
        })];
}
