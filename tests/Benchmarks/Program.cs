using Benchmarks;
using Sandbox.Testing;

// Sandbox's benchmarks against the real engine and notebook image. Build in Release first:
//   dotnet build -c Release tests/Benchmarks && dotnet tests/Benchmarks/bin/Release/net10.0/Benchmarks.dll launch|proxy|memory (proxy needs wrk)
var what = args.Length > 0 ? args[0] : "launch";
Console.WriteLine($"<!-- {what} benchmark, {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Environment.ProcessorCount} cores, {Environment.OSVersion} -->");

await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
{
    ["Logging__LogLevel__Default"] = "Warning",
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
            await LaunchLatencyBenchmark.RunAsync(orchestrator, admin, rounds: 10, concurrency: [10, 20]);
            break;
        case "proxy":
            foreach (var connections in new[] { 1, 16 })
            {
                await ProxyThroughputBenchmark.RunAsync(orchestrator, analyst, connections: connections);
            }

            break;
        case "memory":
            await OrchestratorMemoryBenchmark.RunAsync(orchestrator, analyst, sessions: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50);
            break;
        default:
            Console.Error.WriteLine("usage: Benchmarks launch|proxy|memory [sessions]");
            return 2;
    }
}

return 0;
