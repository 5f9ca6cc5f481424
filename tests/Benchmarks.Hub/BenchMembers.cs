using System.Diagnostics;
using System.Text.Json;
using Sandbox.Testing;

namespace Benchmarks.Hub;

/// <summary>The benchmark's members: accounts created through the orchestrator, their bearer tokens in a file for the clients.</summary>
internal static class BenchMembers
{
    /// <summary>Creates <paramref name="count"/> members (creating one hashes its password: this takes a while) and returns the tokens file.</summary>
    public static async Task<string> CreateAsync(OrchestratorProcess orchestrator, int count)
    {
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var setup = Stopwatch.StartNew();
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var (api, _) = await admin.CreateMemberAsync($"bench{i}");
            tokens[i] = api.Token;
            api.Dispose();
        });
        var tokensFile = Path.Combine(orchestrator.DataDir, "bench-tokens.json");
        await File.WriteAllTextAsync(tokensFile, JsonSerializer.Serialize(tokens));
        Console.WriteLine($"{count} members in {setup.Elapsed.TotalSeconds:0} s");
        return tokensFile;
    }
}
