using System.Diagnostics;

namespace Sandbox.Deploy.Tests;

/// <summary>The outcome of running a command-line tool to its end.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>, writing <paramref name="input"/> to its standard input when given.</summary>
    public static async Task<ToolRun> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null, string? input = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{program} could not be started ({e.Message}); deploy/local/ensure-test-deps.sh installs what the tests need.", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync();
            return new ToolRun(process.ExitCode, await output, await error);
        }
    }

    /// <summary>Throws, with everything the tool printed, unless it exited with 0.</summary>
    public ToolRun EnsureSucceeded(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} exited with {ExitCode}:\n{Error}\n{Output}");
}
