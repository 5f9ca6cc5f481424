using System.Globalization;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Says in words why a notebook's process ended, from the runtime's stable exit reason (<c>oom_killed</c>,
/// <c>evicted</c>, <c>exit_code_N</c>), keeping the reason itself in brackets for whoever searches logs. Pure.
/// </summary>
internal static class ExitDescriptions
{
    private const string ExitCodePrefix = "exit_code_";

    public static string Describe(string? exitReason)
    {
        if (exitReason == "oom_killed")
        {
            return "it ran out of memory (oom_killed): choose a larger size, or use less memory";
        }

        if (exitReason == "evicted")
        {
            return "the cluster evicted it to free the machine it ran on (evicted): start it again";
        }

        if (exitReason is not null && exitReason.StartsWith(ExitCodePrefix, StringComparison.Ordinal)
            && int.TryParse(exitReason[ExitCodePrefix.Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            return code switch
            {
                137 => $"it was killed (exit code 137, {exitReason})",
                143 => $"it was terminated (exit code 143, {exitReason})",
                _ => $"it exited with code {code} ({exitReason})",
            };
        }

        return $"for a reason the runtime did not say ({exitReason ?? "unknown"})";
    }
}
