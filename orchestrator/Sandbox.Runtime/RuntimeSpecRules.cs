namespace Sandbox.Runtime;

/// <summary>
/// Refuses a spec no runtime can run, before an adapter creates anything for it: limits the container runtimes refuse,
/// a port that is not one, a name both plain and secret, two mounts at one path. Pure; adapters call it first.
/// </summary>
public static class RuntimeSpecRules
{
    private const decimal BytesPerGiB = 1024m * 1024 * 1024;

    /// <summary>
    /// Throws <see cref="RuntimeException"/> (<c>invalid_limits</c>, <c>invalid_spec</c>, <c>dataset_mount_conflict</c>)
    /// for a spec that cannot run. <paramref name="reservedMountPaths"/> are paths the adapter mounts itself (a
    /// Kubernetes pod's <c>/tmp</c>), which the spec's mounts may not take.
    /// </summary>
    public static void Validate(RuntimeSpec spec, IEnumerable<string>? reservedMountPaths = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        if (spec.Limits.Cpu <= 0)
        {
            problems.Add($"cpu {spec.Limits.Cpu} must be positive");
        }

        // Container runtimes refuse less than 6 MiB.
        if (spec.Limits.MemoryGiB * BytesPerGiB < 6 * 1024 * 1024)
        {
            problems.Add($"memory {spec.Limits.MemoryGiB} GiB is below the runtime's minimum of 6 MiB");
        }

        if (spec.Limits.Pids <= 0)
        {
            problems.Add($"pids {spec.Limits.Pids} must be positive");
        }

        if (spec.Limits.Gpu < 0)
        {
            problems.Add($"gpu {spec.Limits.Gpu} may not be negative");
        }

        if (problems.Count > 0)
        {
            throw new RuntimeException("invalid_limits", "Invalid sandbox limits: " + string.Join("; ", problems) + ".");
        }

        if (spec.NotebookPort is < 1 or > 65535)
        {
            throw new RuntimeException("invalid_spec", $"The notebook port {spec.NotebookPort} is not a TCP port.");
        }

        var both = spec.Environment.Keys.Intersect(spec.Secrets.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (both.Count > 0)
        {
            throw new RuntimeException("invalid_spec", $"{string.Join(", ", both)} is both plain environment and a secret.");
        }

        var mountPaths = spec.Datasets.Select(d => NormalizePath(d.MountPath))
            .Append(NormalizePath(spec.Home.MountPath))
            .Concat((reservedMountPaths ?? []).Select(NormalizePath))
            .ToList();
        var duplicate = mountPaths.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RuntimeException("dataset_mount_conflict", $"Two mounts share the path {duplicate.Key}.");
        }
    }

    /// <summary>A mount path without its trailing slash (<c>/</c> stays).</summary>
    public static string NormalizePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
