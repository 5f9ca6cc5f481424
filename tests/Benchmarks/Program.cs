using Benchmarks;
using Sandbox.Testing;

// Sandbox's benchmarks against the real engine and notebook image. Build in Release first:
//   dotnet build -c Release tests/Benchmarks && dotnet tests/Benchmarks/bin/Release/net10.0/Benchmarks.dll launch|profiles|proxy|memory|idle-cpu|replicas-launch (proxy needs wrk)
var what = args.Length > 0 ? args[0] : "launch";
Console.WriteLine($"<!-- {what} benchmark, {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Environment.ProcessorCount} cores, {Environment.OSVersion} -->");
if (what == "replicas-launch")
{
    // replicas-launch [launches] [rounds]: defaults 20 at once, 2 measured rounds per arm; its own installations (issue 16).
    return await ReplicaLaunchBenchmark.RunAsync(
        launches: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20,
        rounds: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2);
}


await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
{
    ["Logging__LogLevel__Default"] = "Warning",
    // The harness reads the installation id from this line, to clean up only what this orchestrator made.
    ["Logging__LogLevel__Sandbox.Orchestrator.Installation"] = "Information",
    // The reconciler's resync is the product's default (the test harness checks every 2 s to keep tests short).
    ["Sandbox__Reconciler__ResyncInterval"] = OrchestratorProcess.ProductDefault,
    ["Sandbox__Quotas__Member__MaxConcurrentSessions"] = "100",
    ["Sandbox__Quotas__Member__MonthlyBudgetKrw"] = "100000000",
});
await orchestrator.StartAsync();
using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
var (analyst, _) = await admin.CreateMemberAsync("bench");
using (analyst)
{
    switch (what)
    {
        case "launch":
            // launch [rounds] [n at once ...]: defaults 10 rounds one at a time, then 10 and 20 at once.
            await LaunchLatencyBenchmark.RunAsync(orchestrator, admin,
                rounds: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10,
                concurrency: args.Length > 2 ? args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [10, 20]);
            break;
        case "profiles":
            // profiles [rounds]: the dotnet profile against python, alternating; default 6 rounds of each.
            await ProfileLaunchBenchmark.RunAsync(orchestrator, analyst,
                rounds: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 6);
            break;
        case "proxy":
            foreach (var connections in new[] { 1, 16 })
            {
                await ProxyThroughputBenchmark.RunAsync(orchestrator, analyst, connections: connections);
            }

            break;
        case "idle-cpu":
            // idle-cpu [sessions] [window seconds]: defaults 50 sessions, 120 s.
            await IdleSessionCpuBenchmark.RunAsync(orchestrator, analyst,
                sessions: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50,
                window: TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 120));
            break;
        case "memory":
            await OrchestratorMemoryBenchmark.RunAsync(orchestrator, analyst, sessions: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50);
            break;
        default:
            Console.Error.WriteLine("usage: Benchmarks launch [rounds] [n ...]|profiles [rounds]|proxy|memory [sessions]|idle-cpu [sessions] [seconds]|replicas-launch [launches] [rounds]");
            return 2;
    }
}

return 0;
