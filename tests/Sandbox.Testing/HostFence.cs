using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sandbox.Testing;

/// <summary>
/// Removes the packet filter chains an orchestrator made to fence its sessions' networks in, found by the comment
/// on their hooks (<c>sandbox: fence of {network name}</c>), independently of the orchestrator's own code.
/// </summary>
public static partial class HostFence
{
    public static async Task RemoveAsync(string networkName)
    {
        var table = await RunAsync("iptables-save", ["-t", "filter"], null);
        var hooks = table.Split('\n')
            .Where(line => line.StartsWith("-A ", StringComparison.Ordinal) && line.Contains($"--comment \"sandbox: fence of {networkName}\"", StringComparison.Ordinal))
            .ToList();
        if (hooks.Count == 0)
        {
            return;
        }

        var chains = hooks.Select(hook => JumpTarget().Match(hook).Groups[1].Value).Distinct().ToList();
        var input = "*filter\n"
            + string.Concat(hooks.Select(hook => "-D " + hook[3..] + "\n"))
            + string.Concat(chains.Select(chain => $"-F {chain}\n-X {chain}\n"))
            + "COMMIT\n";
        await RunAsync("iptables-restore", ["--noflush"], input);
    }

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, string? stdin)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{program} failed: {await error}");
    }

    [GeneratedRegex(" -j (\\S+)$")]
    private static partial Regex JumpTarget();
}
