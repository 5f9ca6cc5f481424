using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>Collects every problem of <see cref="KubernetesRuntimeOptions"/> at start instead of failing on first use.</summary>
internal sealed partial class KubernetesRuntimeOptionsValidator : IValidateOptions<KubernetesRuntimeOptions>
{
    private static readonly string[] AccessModes = ["ReadWriteMany", "ReadWriteOnce"];
    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public ValidateOptionsResult Validate(string? name, KubernetesRuntimeOptions options)
    {
        var errors = new List<string>();
        if (!DnsLabel().IsMatch(options.Namespace ?? ""))
        {
            errors.Add($"Namespace '{options.Namespace}' is not a namespace name (lowercase letters, digits and '-', at most 63).");
        }

        if (!string.IsNullOrWhiteSpace(options.Kubeconfig) && !File.Exists(options.Kubeconfig))
        {
            errors.Add($"Kubeconfig '{options.Kubeconfig}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(options.Kubeconfig) && !string.IsNullOrWhiteSpace(options.Context))
        {
            errors.Add("Context applies to a Kubeconfig only; none is set.");
        }

        ValidateHome(options.Home, errors);

        if (!Enum.IsDefined(options.DatasetMounts))
        {
            errors.Add($"DatasetMounts '{options.DatasetMounts}' must be ImageVolume or InitCopy.");
        }

        if (string.IsNullOrWhiteSpace(options.DatasetCopyTool) || !options.DatasetCopyTool.StartsWith('/')
            || options.DatasetCopyTool.EndsWith('/') || options.DatasetCopyTool.Any(char.IsWhiteSpace))
        {
            errors.Add($"DatasetCopyTool '{options.DatasetCopyTool}' must be the absolute path of a file in the notebook images (for example /bin/busybox).");
        }

        foreach (var label in options.Gpu.NodeSelector)
        {
            if (!LabelKey().IsMatch(label.Key ?? "") || !LabelValue().IsMatch(label.Value ?? ""))
            {
                errors.Add($"Gpu:NodeSelector '{label.Key}: {label.Value}' is not a valid label key and value.");
            }
        }

        foreach (var toleration in options.Gpu.Tolerations)
        {
            var what = $"Gpu:Tolerations '{toleration.Key} {toleration.Operator} {toleration.Value} {toleration.Effect}'";
            if (!LabelKey().IsMatch(toleration.Key ?? ""))
            {
                errors.Add($"{what}: the key is not a taint key.");
            }

            if (toleration.Operator is not ("Exists" or "Equal") || (toleration.Operator == "Exists") != string.IsNullOrEmpty(toleration.Value))
            {
                errors.Add($"{what}: the operator must be Exists (without a value) or Equal (with one).");
            }

            if (!TaintEffects.Contains(toleration.Effect, StringComparer.Ordinal))
            {
                errors.Add($"{what}: the effect must be one of {string.Join(", ", TaintEffects)}.");
            }
        }

        if (options.ScheduleTimeout <= TimeSpan.Zero)
        {
            errors.Add("ScheduleTimeout must be positive.");
        }

        if (options.ImagePullTimeout <= TimeSpan.Zero)
        {
            errors.Add("ImagePullTimeout must be positive.");
        }

        foreach (var label in options.OrchestratorPodLabels.Concat(options.OrchestratorNamespaceLabels))
        {
            if (!LabelKey().IsMatch(label.Key ?? "") || !LabelValue().IsMatch(label.Value ?? ""))
            {
                errors.Add($"'{label.Key}: {label.Value}' is not a valid label key and value (OrchestratorPodLabels, OrchestratorNamespaceLabels).");
            }
        }

        if (EgressDestination.TryParse(options.ClusterDnsCidr, out var dnsError) is not { Port: null } dns)
        {
            errors.Add($"ClusterDnsCidr '{options.ClusterDnsCidr}' is not an address range: {dnsError ?? "a port belongs in ClusterDnsPort"}.");
        }
        else if (dns.Network.BaseAddress.IsIPv4MappedToIPv6)
        {
            errors.Add($"ClusterDnsCidr '{options.ClusterDnsCidr}' is an IPv4-mapped IPv6 range, which the API server refuses: write the IPv4 range.");
        }

        if (options.ClusterDnsPort is < 1 or > 65535)
        {
            errors.Add($"ClusterDnsPort {options.ClusterDnsPort} is not a port.");
        }

        foreach (var range in options.PrivateRanges)
        {
            if (EgressDestination.TryParse(range, out var rangeError) is not { Port: null } parsed)
            {
                errors.Add($"PrivateRanges '{range}' is not an address range: {rangeError ?? "ports are not allowed here"}.");
            }
            else if (parsed.Network.PrefixLength == 0)
            {
                errors.Add($"PrivateRanges '{range}' covers every address: sessions with internet access could reach nothing.");
            }
            else if (parsed.Network.BaseAddress.IsIPv4MappedToIPv6)
            {
                errors.Add($"PrivateRanges '{range}' is an IPv4-mapped IPv6 range, which the API server refuses (and no packet carries): write the IPv4 range.");
            }
        }

        if (!LabelPrefix().IsMatch(options.LabelPrefix ?? ""))
        {
            errors.Add($"LabelPrefix '{options.LabelPrefix}' must be a DNS name followed by '/' (for example sandbox.coop/).");
        }

        if (options.StopGracePeriod < TimeSpan.Zero)
        {
            errors.Add("StopGracePeriod may not be negative.");
        }

        if (options.TmpSizeMiB <= 0)
        {
            errors.Add("TmpSizeMiB must be positive.");
        }

        if (options.RunAsUser <= 0)
        {
            errors.Add("RunAsUser must be a positive uid: sandboxes never run as root.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateHome(KubernetesHomeOptions home, List<string> errors)
    {
        if (home.AccessMode == "ReadWriteOncePod")
        {
            errors.Add("Home:AccessMode 'ReadWriteOncePod' is refused: a member's second session could never mount the home. Use ReadWriteMany or ReadWriteOnce.");
        }
        else if (!AccessModes.Contains(home.AccessMode, StringComparer.Ordinal))
        {
            errors.Add($"Home:AccessMode '{home.AccessMode}' must be ReadWriteMany or ReadWriteOnce.");
        }

        if (home.StorageClass is { } storageClass && !DnsSubdomain().IsMatch(storageClass))
        {
            errors.Add($"Home:StorageClass '{storageClass}' is not a storage class name.");
        }

        if (home.DefaultSizeGiB <= 0)
        {
            errors.Add("Home:DefaultSizeGiB must be positive.");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPrefix();

    [GeneratedRegex("^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKey();

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();
}
