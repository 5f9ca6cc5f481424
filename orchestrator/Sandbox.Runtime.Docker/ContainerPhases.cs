using System.Globalization;
using Docker.DotNet.Models;

namespace Sandbox.Runtime.Docker;

/// <summary>Reads the engine's container states as the port's phases.</summary>
internal static class ContainerPhases
{
    /// <summary>Maps an engine status (created, running, paused, restarting, removing, exited, dead).</summary>
    public static RuntimePhase FromStatus(string status) => status switch
    {
        "created" => RuntimePhase.Created,

        // Sandboxes are never paused and have no restart policy; should either happen, the process still exists.
        "running" or "paused" or "restarting" => RuntimePhase.Running,
        _ => RuntimePhase.Exited,
    };

    /// <summary>Why an ended container's process ended, as the port's stable reason.</summary>
    public static string ExitReason(State state) =>
        state.OOMKilled ? "oom_killed" : string.Create(CultureInfo.InvariantCulture, $"exit_code_{state.ExitCode}");

    public static RuntimeState StateOf(string containerId, string containerName) => new(new Dictionary<string, string>
    {
        [RuntimeStateKeys.ContainerId] = containerId,
        [RuntimeStateKeys.ContainerName] = containerName.TrimStart('/'),
    });
}
