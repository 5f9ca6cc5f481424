using System.ComponentModel;
using System.Diagnostics;

namespace Sandbox.Runtime.Docker.Fence;

/// <summary>
/// Runs <c>iptables-save</c> and <c>iptables-restore</c>, the only I/O of the fence. Whole rule sets go through
/// <c>iptables-restore</c> so each change is one transaction; outcomes, failures included, come back as values.
/// </summary>
internal sealed class IptablesClient
{
    // Another program (dockerd) may hold the xtables lock for a moment; wait for it rather than fail.
    private const string LockWaitSeconds = "5";

    private readonly string _save;
    private readonly string _restore;

    /// <summary>Uses the <c>iptables-save</c> and <c>iptables-restore</c> of the host.</summary>
    public IptablesClient()
        : this(Locate("iptables-save"), Locate("iptables-restore"))
    {
    }

    /// <summary>Uses the given programs (a test points them at programs that fail).</summary>
    public IptablesClient(string savePath, string restorePath)
    {
        _save = savePath;
        _restore = restorePath;
    }

    /// <summary>The filter table as <c>iptables-save</c> prints it.</summary>
    public Task<CommandOutcome> SaveFilterAsync(CancellationToken cancellationToken) =>
        RunAsync(_save, ["-t", "filter"], stdin: null, cancellationToken);

    /// <summary>Applies <paramref name="input"/> without flushing anything it does not name.</summary>
    public Task<CommandOutcome> RestoreAsync(string input, CancellationToken cancellationToken) =>
        RunAsync(_restore, ["-w", LockWaitSeconds, "--noflush"], input, cancellationToken);

    private static async Task<CommandOutcome> RunAsync(string program, IReadOnlyList<string> arguments, string? stdin, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"{program} did not start");
        }
        catch (Win32Exception e)
        {
            return new CommandOutcome(Path.GetFileName(program), Started: false, ExitCode: -1, Output: "", Error: e.Message);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new CommandOutcome(Path.GetFileName(program), Started: true, process.ExitCode, await output.ConfigureAwait(false), (await error.ConfigureAwait(false)).Trim());
        }
    }

    // The sbin directories are not on every service's PATH (a non-root user's often lacks them).
    private static string Locate(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator) ?? [];
        return path.Concat(["/usr/sbin", "/sbin"])
            .Where(directory => directory.Length > 0)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists) ?? program;
    }
}

/// <summary>What running one packet filter command gave.</summary>
/// <param name="Program">The command's name.</param>
/// <param name="Started">False when the program could not be run at all (not installed).</param>
/// <param name="ExitCode">Its exit code; 0 is success.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error, or why it did not start.</param>
internal sealed record CommandOutcome(string Program, bool Started, int ExitCode, string Output, string Error)
{
    public bool Succeeded => Started && ExitCode == 0;

    /// <summary>One sentence for an error message: what failed and what it said.</summary>
    public string Describe() => Started
        ? $"{Program} failed (exit {ExitCode}: {(Error.Length > 0 ? Error : "no message")})"
        : $"{Program} could not be run ({Error}); install the iptables package";
}
