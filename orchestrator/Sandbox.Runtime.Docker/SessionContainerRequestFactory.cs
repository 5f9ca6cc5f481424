using System.Globalization;
using Docker.DotNet.Models;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Builds a session container's create request from a resolved spec: a pure function, so the safe defaults
/// (unprivileged user, no capabilities, no privilege escalation, read-only root, no published ports, one
/// isolated network, capped logs) are decided in one place and checked without an engine.
/// </summary>
internal static class SessionContainerRequestFactory
{
    private const long BytesPerGiB = 1024L * 1024 * 1024;
    private const decimal NanoCpusPerCpu = 1_000_000_000m;

    public static CreateContainerParameters Build(
        RuntimeSpec spec, DockerRuntimeOptions options, DockerNames names, NetworkResponse network, IReadOnlyList<string> dataContainerNames)
    {
        var labels = names.Labels;
        RuntimeSpecRules.Validate(spec);
        var memoryBytes = (long)decimal.Truncate(spec.Limits.MemoryGiB * BytesPerGiB);
        return new CreateContainerParameters
        {
            Image = spec.Image,

            // Cmd only: the image's entrypoint (tini in the notebook images) stays in charge of signals.
            Cmd = spec.Command.Count == 0 ? null : spec.Command.ToList(),
            // The engine has no secrets outside swarm mode: secrets join the environment here (inspect shows them to the
            // engine's root only, as it does the whole container).
            Env = spec.Environment.Concat(spec.Secrets)
                .OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => $"{pair.Key}={pair.Value}")
                .ToArray(),
            User = options.User,
            Labels = new Dictionary<string, string>
            {
                [labels.Managed] = "true",
                [labels.Installation] = names.Installation.Id,
                [labels.Session] = spec.SessionId,
                [labels.Member] = spec.MemberId,
                [labels.NotebookPort] = spec.NotebookPort.ToString(CultureInfo.InvariantCulture),
                [labels.Network] = network.Name,
            },
            HostConfig = new HostConfig
            {
                // By id: the engine may hold several networks of the configured name (see EnsureNetworkAsync).
                NetworkMode = network.ID,
                Mounts = [new Mount { Type = "volume", Source = names.HomeVolumeOf(spec.Home), Target = spec.Home.MountPath, ReadOnly = false }],
                VolumesFrom = dataContainerNames.Select(name => name + ":ro").ToArray(),

                // The root file system is read-only: what the notebook may change lives in the home volume or
                // in /tmp (memory-backed, counted against the sandbox's memory). Jupyter keeps its runtime
                // files under $HOME, so it starts like this (proved by the Jupyter test of this adapter).
                ReadonlyRootfs = true,
                Tmpfs = new Dictionary<string, string>
                {
                    ["/tmp"] = string.Create(CultureInfo.InvariantCulture, $"rw,nosuid,nodev,size={options.TmpSizeMiB}m,mode=1777"),
                },
                SecurityOpt = ["no-new-privileges"],
                CapDrop = ["ALL"],
                NanoCPUs = (long)decimal.Truncate(spec.Limits.Cpu * NanoCpusPerCpu),
                Memory = memoryBytes,
                MemorySwap = memoryBytes,
                PidsLimit = spec.Limits.Pids,
                PublishAllPorts = false,
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
                DeviceRequests = spec.Limits.Gpu > 0
                    ? [new DeviceRequest { Driver = "", Count = spec.Limits.Gpu, Capabilities = [["gpu"]] }]
                    : null,

                // Notebook output is untrusted and unbounded (a loop printing forever): capped, whatever the engine's default driver.
                LogConfig = new LogConfig
                {
                    Type = "json-file",
                    Config = new Dictionary<string, string>
                    {
                        ["max-size"] = string.Create(CultureInfo.InvariantCulture, $"{options.LogMaxSizeMiB}m"),
                        ["max-file"] = options.LogMaxFiles.ToString(CultureInfo.InvariantCulture),
                    },
                },
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [network.ID] = new EndpointSettings() },
            },
        };
    }
}
