using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>Reads the dataset catalog: listings, and resolving <c>name</c> / <c>name@version</c> for a launch.</summary>
internal sealed class DatasetCatalog(SandboxDbContext db)
{
    /// <summary>
    /// Resolves launch references to published versions (<c>name</c> means the latest published one), adding an error
    /// per reference that cannot be used.
    /// </summary>
    public async Task<IReadOnlyList<SessionDataset>> ResolveForLaunchAsync(
        IReadOnlyList<string> references, List<ValidationError> errors, CancellationToken cancellationToken)
    {
        var parsed = references.Select((r, i) => (Field: $"datasets[{i}]", Reference: r ?? "", Parts: (r ?? "").Split('@', 2))).ToList();
        var names = parsed.Select(p => p.Parts[0]).Distinct(StringComparer.Ordinal).ToList();
        var versions = await db.DatasetVersions.AsNoTracking().Where(d => names.Contains(d.Name)).ToListAsync(cancellationToken);

        var resolved = new List<SessionDataset>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (field, reference, parts) in parsed)
        {
            var name = parts[0];
            if (!seen.Add(name))
            {
                errors.Add(new(field, "session.duplicate_dataset", $"Dataset '{name}' is listed twice; a session mounts one version of each."));
                continue;
            }

            var ofName = versions.Where(v => v.Name == name).ToList();
            if (ofName.Count == 0)
            {
                errors.Add(new(field, "session.unknown_dataset", $"Unknown dataset '{reference}'."));
                continue;
            }

            var version = parts.Length == 2
                ? ofName.FirstOrDefault(v => v.Version == parts[1])
                : ofName.Where(v => v.Status == DatasetStatus.Published).OrderByDescending(v => v.PublishedAt).FirstOrDefault();
            if (version is null)
            {
                errors.Add(new(field, parts.Length == 2 ? "session.unknown_dataset" : "session.dataset_not_published",
                    parts.Length == 2 ? $"Dataset '{name}' has no version '{parts[1]}'." : $"Dataset '{name}' has no published version yet."));
                continue;
            }

            if (version.Status != DatasetStatus.Published)
            {
                errors.Add(new(field, "session.dataset_not_published", $"Dataset '{name}@{version.Version}' is {version.Status}, not published."));
                continue;
            }

            resolved.Add(new SessionDataset(version.Name, version.Version, version.Image));
        }

        return resolved;
    }

    /// <summary>Every dataset with its versions, by name.</summary>
    public async Task<IReadOnlyList<DatasetView>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await db.DatasetVersions.AsNoTracking().ToListAsync(cancellationToken);
        return all.GroupBy(v => v.Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(DatasetView.Of).ToList();
    }

    /// <summary>One dataset with its versions, or null.</summary>
    public async Task<DatasetView?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var versions = await db.DatasetVersions.AsNoTracking().Where(v => v.Name == name).ToListAsync(cancellationToken);
        return versions.Count == 0 ? null : DatasetView.Of(versions.GroupBy(v => v.Name).Single());
    }
}
