using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Sandbox.Runtime.Docker;

/// <summary>Collects every problem of <see cref="DockerRuntimeOptions"/> at start instead of failing on first use.</summary>
internal sealed partial class DockerRuntimeOptionsValidator : IValidateOptions<DockerRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, DockerRuntimeOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SocketPath))
        {
            errors.Add("SocketPath is required.");
        }

        ValidateEndpoint(options, errors);

        if (!EngineName().IsMatch(options.NetworkName))
        {
            errors.Add($"NetworkName '{options.NetworkName}' is not a valid engine name.");
        }

        if (!EngineName().IsMatch(options.ContainerNamePrefix + "x"))
        {
            errors.Add($"ContainerNamePrefix '{options.ContainerNamePrefix}' cannot start a container name.");
        }

        if (!EngineName().IsMatch(options.DataContainerNamePrefix + "x"))
        {
            errors.Add($"DataContainerNamePrefix '{options.DataContainerNamePrefix}' cannot start a container name.");
        }

        if (!EngineName().IsMatch(options.HomeVolumeNamePrefix + "x"))
        {
            errors.Add($"HomeVolumeNamePrefix '{options.HomeVolumeNamePrefix}' cannot start a volume name.");
        }

        if (string.IsNullOrWhiteSpace(options.LabelPrefix) || options.LabelPrefix.Contains('='))
        {
            errors.Add("LabelPrefix is required and may not contain '='.");
        }

        if (options.StopGracePeriod < TimeSpan.Zero)
        {
            errors.Add("StopGracePeriod may not be negative.");
        }

        if (options.EngineRequestTimeout <= TimeSpan.Zero)
        {
            errors.Add("EngineRequestTimeout must be positive.");
        }

        if (options.TmpSizeMiB <= 0)
        {
            errors.Add("TmpSizeMiB must be positive.");
        }

        if (options.LogMaxSizeMiB <= 0)
        {
            errors.Add("LogMaxSizeMiB must be positive.");
        }

        if (options.LogMaxFiles < 1)
        {
            errors.Add("LogMaxFiles must be at least 1.");
        }

        if (!NumericUser().IsMatch(options.User))
        {
            errors.Add($"User '{options.User}' must be a numeric uid:gid.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateEndpoint(DockerRuntimeOptions options, List<string> errors)
    {
        var tlsFiles = new[] { ("TlsCaCertificatePath", options.TlsCaCertificatePath), ("TlsCertificatePath", options.TlsCertificatePath), ("TlsKeyPath", options.TlsKeyPath) };
        var tlsSet = tlsFiles.Where(f => !string.IsNullOrWhiteSpace(f.Item2)).ToList();
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            if (tlsSet.Count > 0)
            {
                errors.Add("The TLS settings apply to a tcp:// Endpoint only; none is set.");
            }

            return;
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("unix" or "tcp"))
        {
            errors.Add($"Endpoint '{options.Endpoint}' must be unix:///path or tcp://host:port.");
            return;
        }

        if (endpoint.Scheme == "unix")
        {
            if (tlsSet.Count > 0)
            {
                errors.Add("The TLS settings apply to a tcp:// Endpoint only, not to a unix socket.");
            }

            return;
        }

        // An engine's API is root on its host: a remote one is reached with mutual TLS or not at all.
        if (endpoint.IsDefaultPort || endpoint.Port <= 0)
        {
            errors.Add($"Endpoint '{options.Endpoint}' needs a port (the engine's TLS port is usually 2376).");
        }

        foreach (var (name, path) in tlsFiles)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                errors.Add($"{name} is required with a tcp:// Endpoint (a remote engine is reached over TLS with a client certificate).");
            }
            else if (!File.Exists(path))
            {
                errors.Add($"{name} '{path}' does not exist.");
            }
        }
    }

    // The engine's own rule for container and network names.
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EngineName();

    [GeneratedRegex("^[0-9]+:[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericUser();
}
