using System.Globalization;
using Benchmarks.Kubernetes;

// Issue 15's Kubernetes benchmarks, on the API-server double. Build in Release first:
//   dotnet build -c Release tests/Benchmarks.Kubernetes && dotnet tests/Benchmarks.Kubernetes/bin/Release/net10.0/Benchmarks.Kubernetes.dll watch [pods ...]|launch [rounds] [n ...]|replicas [sessions] [changes]
var what = args.Length > 0 ? args[0] : "watch";
Console.WriteLine($"<!-- kube-{what} benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()} -->");
var numbers = args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
switch (what)
{
    case "watch":
        // watch [pods ...]: defaults 1,000 then 10,000 pods in the double's store.
        await WatchCostBenchmark.RunAsync(numbers.Count > 0 ? numbers : [1_000, 10_000]);
        break;
    case "launch":
        // launch [rounds] [n at once ...]: defaults 10 rounds one at a time, then 20 at once.
        await KubeLaunchLatencyBenchmark.RunAsync(numbers.Count > 0 ? numbers[0] : 10, numbers.Count > 1 ? numbers.Skip(1).ToList() : [20]);
        break;
    case "replicas":
        // replicas [sessions] [changes]: defaults 10,000 sessions on three replicas, 500 pod failures (issue 16).
        await ReplicaScaleBenchmark.RunAsync(numbers.Count > 0 ? numbers[0] : 10_000, numbers.Count > 1 ? numbers[1] : 500);
        break;
    default:
        Console.Error.WriteLine("usage: Benchmarks.Kubernetes watch [pods ...]|launch [rounds] [n ...]|replicas [sessions] [changes]");
        return 2;
}

return 0;
