using System.Globalization;
using System.Net;
using Benchmarks.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sandbox.NotebookProxy;
using Sandbox.Testing;

// Proxy benchmark: the same request straight to the notebook and through the notebook proxy (and through any proxies given
// with --compare, such as an older build serving with --serve proxy), in alternating rounds of wrk, then throughput and p99
// of each and their ratio to direct. Targets: proxied >= 90% of direct throughput at -c16, < 2 ms added at p99 at -c1.
var settings = BenchmarkSettings.Parse(args);
var invariant = CultureInfo.InvariantCulture;

// 0. Serving only: a stand-in, or a proxy in front of --upstream, on --port, until stopped.
if (settings.Serve == "stand-in")
{
    var (app, address) = await StatusNotebook.StartAsync(settings.BasePath, settings.Token, settings.Port);
    Console.WriteLine(string.Create(invariant, $"stand-in serving {address}{settings.BasePath.TrimStart('/')}{settings.RequestPath}"));
    await app.WaitForShutdownAsync();
    return 0;
}

if (settings.Serve == "proxy")
{
    var upstreamToServe = settings.Upstream ?? throw new ArgumentException("--serve proxy needs --upstream.");
    var (app, address) = await StartProxyAsync(settings, upstreamToServe, settings.Port);
    Console.WriteLine(string.Create(invariant, $"proxy serving {address} in front of {upstreamToServe}"));
    await app.WaitForShutdownAsync();
    return 0;
}

// 1. The notebook: the one given, or the in-process stand-in.
WebApplication? standIn = null;
var upstream = settings.Upstream;
if (upstream is null)
{
    (standIn, upstream) = await StatusNotebook.StartAsync(settings.BasePath, settings.Token);
}

// 2. The proxy, as the orchestrator hosts it, and the paths measured: direct first, then this build's proxy, then others.
var (proxy, proxyAddress) = await StartProxyAsync(settings, upstream, 0);
var relative = settings.BasePath + settings.RequestPath;
var withToken = new Dictionary<string, string> { ["Authorization"] = $"token {settings.Token}" };
var noHeaders = new Dictionary<string, string>();
List<(string Name, Uri Url, Dictionary<string, string> Headers, bool InProcess)> paths =
[
    ("direct", new Uri(upstream, relative), withToken, false),
    ("proxied", new Uri(proxyAddress, relative), noHeaders, true),
    .. settings.Compared.Select(c => (c.Name, new Uri(c.Address, relative), noHeaders, false)),
];
Console.WriteLine(string.Create(invariant, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
Console.WriteLine(string.Create(invariant, $"wrk -t{settings.Threads} -c{settings.Connections} -d{settings.DurationSeconds}s, {settings.Rounds} rounds"));
foreach (var path in paths)
{
    Console.WriteLine(string.Create(invariant, $"  {path.Name,-10} {path.Url}"));
}

// 3. Warm up every path (JIT, connection pools), then alternate rounds so drift hits all alike.
foreach (var path in paths)
{
    await WrkRun.RunAsync(path.Url, path.Headers, settings.Threads, settings.Connections, 3);
}

var runs = paths.ToDictionary(p => p.Name, _ => new List<WrkRun>());
for (var round = 1; round <= settings.Rounds; round++)
{
    foreach (var path in paths)
    {
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var run = await WrkRun.RunAsync(path.Url, path.Headers, settings.Threads, settings.Connections, settings.DurationSeconds);
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        runs[path.Name].Add(run);
        // Allocations of this process per request: only meaningful for this build's proxy (with the stand-in, it includes
        // the stand-in's share).
        var perRequest = path.InProcess ? string.Create(invariant, $"{allocated / (run.RequestsPerSecond * settings.DurationSeconds),6:N0} B/request") : string.Empty;
        Console.WriteLine(string.Create(invariant,
            $"round {round}: {path.Name,-10} {run.RequestsPerSecond,10:N0} req/s p99 {run.P99Milliseconds,7:N2} ms non-2xx {run.Non2xx} {perRequest}"));
    }
}

// 4. Medians over rounds, and each proxy against direct and the targets.
var directRps = Median(runs["direct"].Select(r => r.RequestsPerSecond));
var directP99 = Median(runs["direct"].Select(r => r.P99Milliseconds));
Console.WriteLine(string.Create(invariant, $"median: direct {directRps:N0} req/s p99 {directP99:N2} ms"));
foreach (var path in paths.Skip(1))
{
    var rps = Median(runs[path.Name].Select(r => r.RequestsPerSecond));
    var p99 = Median(runs[path.Name].Select(r => r.P99Milliseconds));
    var ratio = rps / directRps;
    var added = p99 - directP99;
    Console.WriteLine(string.Create(invariant,
        $"median: {path.Name,-10} {rps:N0} req/s p99 {p99:N2} ms; ratio {ratio:P1} (target >= 90% at -c16): {(ratio >= 0.9 ? "met" : "NOT met")}; p99 added {added:N2} ms (target < 2 ms at -c1): {(added < 2 ? "met" : "NOT met")}"));
}

await proxy.StopAsync();
if (standIn is not null)
{
    await standIn.StopAsync();
}

return runs.Values.SelectMany(r => r).Any(r => r.Non2xx > 0) ? 1 : 0;

static async Task<(WebApplication App, Uri Address)> StartProxyAsync(BenchmarkSettings settings, Uri upstream, int port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    builder.Services.AddSingleton<INotebookTargetResolver>(new FixedTargetResolver(settings.SessionId, new NotebookTarget(upstream, settings.Token, "bench")));
    builder.Services.AddNotebookProxy();
    var app = builder.Build();
    app.MapNotebookProxy();
    await app.StartAsync();
    var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    return (app, address);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
