using System.Globalization;
using System.Net;
using Benchmarks.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandbox.NotebookProxy;
using Sandbox.Testing;

// Proxy benchmark: the same request straight to the notebook and through the notebook proxy, in alternating rounds of
// wrk, then throughput and p99 of both and their ratio. Targets: proxied >= 80% of direct throughput, < 2 ms added at p99.
var settings = BenchmarkSettings.Parse(args);
var invariant = CultureInfo.InvariantCulture;

// 1. The notebook: the one given, or the in-process stand-in.
WebApplication? standIn = null;
var upstream = settings.Upstream;
if (upstream is null)
{
    (standIn, upstream) = await StatusNotebook.StartAsync(settings.BasePath, settings.Token);
}

// 2. The proxy, as the orchestrator hosts it.
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
builder.Services.AddSingleton<INotebookTargetResolver>(new FixedTargetResolver(settings.SessionId, new NotebookTarget(upstream, settings.Token, "bench")));
builder.Services.AddNotebookProxy();
var proxy = builder.Build();
proxy.MapNotebookProxy();
await proxy.StartAsync();
var proxyAddress = new Uri(proxy.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

var relative = settings.BasePath + settings.RequestPath;
var direct = new Uri(upstream, relative);
var proxied = new Uri(proxyAddress, relative);
Console.WriteLine(string.Create(invariant, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
Console.WriteLine(string.Create(invariant, $"wrk -t{settings.Threads} -c{settings.Connections} -d{settings.DurationSeconds}s, {settings.Rounds} rounds; direct {direct} vs proxied {proxied}"));

// 3. Warm up both paths (JIT, connection pools), then alternate rounds so drift hits both alike.
var warmUp = settings with { DurationSeconds = 3 };
await WrkRun.RunAsync(direct, new Dictionary<string, string> { ["Authorization"] = $"token {settings.Token}" }, warmUp.Threads, warmUp.Connections, warmUp.DurationSeconds);
await WrkRun.RunAsync(proxied, new Dictionary<string, string>(), warmUp.Threads, warmUp.Connections, warmUp.DurationSeconds);
var directRuns = new List<WrkRun>();
var proxiedRuns = new List<WrkRun>();
for (var round = 1; round <= settings.Rounds; round++)
{
    var (d, directAllocated) = await MeasureAsync(() => WrkRun.RunAsync(direct, new Dictionary<string, string> { ["Authorization"] = $"token {settings.Token}" }, settings.Threads, settings.Connections, settings.DurationSeconds));
    var (p, proxiedAllocated) = await MeasureAsync(() => WrkRun.RunAsync(proxied, new Dictionary<string, string>(), settings.Threads, settings.Connections, settings.DurationSeconds));
    directRuns.Add(d);
    proxiedRuns.Add(p);
    Console.WriteLine(string.Create(invariant,
        $"round {round}: direct {d.RequestsPerSecond,10:N0} req/s p99 {d.P99Milliseconds,7:N2} ms | proxied {p.RequestsPerSecond,10:N0} req/s p99 {p.P99Milliseconds,7:N2} ms | non-2xx {d.Non2xx}/{p.Non2xx}"));
    // Allocations of this process per request; with the stand-in, the proxied figure includes the stand-in's share,
    // so the proxy's own is the difference.
    Console.WriteLine(string.Create(invariant,
        $"         allocated per request: direct {directAllocated / (d.RequestsPerSecond * settings.DurationSeconds),6:N0} B | proxied {proxiedAllocated / (p.RequestsPerSecond * settings.DurationSeconds),6:N0} B"));
}

// 4. Medians over rounds, and the verdict against the targets.
var directRps = Median(directRuns.Select(r => r.RequestsPerSecond));
var proxiedRps = Median(proxiedRuns.Select(r => r.RequestsPerSecond));
var directP99 = Median(directRuns.Select(r => r.P99Milliseconds));
var proxiedP99 = Median(proxiedRuns.Select(r => r.P99Milliseconds));
var ratio = proxiedRps / directRps;
var added = proxiedP99 - directP99;
Console.WriteLine(string.Create(invariant, $"median: direct {directRps:N0} req/s p99 {directP99:N2} ms; proxied {proxiedRps:N0} req/s p99 {proxiedP99:N2} ms"));
Console.WriteLine(string.Create(invariant, $"throughput ratio {ratio:P1} (target >= 80%): {(ratio >= 0.8 ? "met" : "NOT met")}; p99 added {added:N2} ms (target < 2 ms): {(added < 2 ? "met" : "NOT met")}"));

await proxy.StopAsync();
if (standIn is not null)
{
    await standIn.StopAsync();
}

return directRuns.Concat(proxiedRuns).Any(r => r.Non2xx > 0) ? 1 : 0;

static async Task<(WrkRun Run, double AllocatedBytes)> MeasureAsync(Func<Task<WrkRun>> run)
{
    var before = GC.GetTotalAllocatedBytes(precise: false);
    var result = await run();
    return (result, GC.GetTotalAllocatedBytes(precise: false) - before);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
