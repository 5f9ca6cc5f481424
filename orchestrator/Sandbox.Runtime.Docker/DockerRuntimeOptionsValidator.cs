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

    // The engine's own rule for container and network names.
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EngineName();

    [GeneratedRegex("^[0-9]+:[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericUser();
}
