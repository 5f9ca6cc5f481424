using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>Reads the dataset catalog: listings, and resolving <c>name</c> / <c>name@version</c> for a launch.</summary>
internal sealed class DatasetCatalog(SandboxDbContext db, MemberDirectory members, TimeProvider clock)
{
    public const string NotEntitledReason = "quota.dataset_not_entitled";

    /// <summary>
    /// Resolves launch references to usable versions (<c>name</c> means the latest published, not withdrawn one), adding
    /// an error per reference that cannot be used, and listing the datasets <paramref name="memberId"/> may not use now.
    /// </summary>
    public async Task<DatasetLaunchResolution> ResolveForLaunchAsync(
        string memberId, IReadOnlyList<string> references, List<ValidationError> errors, CancellationToken cancellationToken)
    {
        // 1. Load every version and access rule of the named datasets, and the member's tier now.
        var parsed = references.Select((r, i) => (Field: $"datasets[{i}]", Reference: r ?? "", Parts: (r ?? "").Split('@', 2))).ToList();
        var names = parsed.Select(p => p.Parts[0]).Distinct(StringComparer.Ordinal).ToList();
        // A version that failed to build is no version to launch with (as in the analysts' listing).
        var versions = await db.DatasetVersions.AsNoTracking().Where(d => names.Contains(d.Name) && d.Status != DatasetStatus.Failed).ToListAsync(cancellationToken);
        var access = await db.DatasetAccess.AsNoTracking().Where(a => names.Contains(a.Name)).ToDictionaryAsync(a => a.Name, cancellationToken);
        var tier = access.Values.Any(a => a.Access == DatasetAccess.Members)
            ? await members.TierAtAsync(memberId, clock.GetUtcNow(), cancellationToken)
            : null;

        // 2. Resolve each reference; an unknown or unusable one is a validation error, a forbidden one a refusal.
        var resolved = new List<SessionDataset>();
        var notEntitled = new List<ValidationError>();
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

            var version = parts.Length == 2 ? ofName.FirstOrDefault(v => v.Version == parts[1]) : DatasetVersions.LatestUsable(ofName);
            if (version is null)
            {
                errors.Add(new(field, parts.Length == 2 ? "session.unknown_dataset" : "session.dataset_not_published",
                    parts.Length == 2 ? $"Dataset '{name}' has no version '{parts[1]}'." : $"Dataset '{name}' has no published version in use."));
                continue;
            }

            if (version.WithdrawnAt is not null)
            {
                errors.Add(new(field, "dataset.withdrawn", $"Dataset '{name}@{version.Version}' was withdrawn; new sessions cannot use it."));
                continue;
            }

            if (version.Status != DatasetStatus.Published)
            {
                errors.Add(new(field, "session.dataset_not_published", $"Dataset '{name}@{version.Version}' is {version.Status}, not published."));
                continue;
            }

            if (!DatasetEntitlement.Allows(access.GetValueOrDefault(name), memberId, tier))
            {
                notEntitled.Add(new(field, NotEntitledReason, $"You are not entitled to use dataset '{name}'."));
                continue;
            }

            resolved.Add(new SessionDataset(version.Name, version.Version, version.Image, version.ImageId));
        }

        return new DatasetLaunchResolution(resolved, notEntitled);
    }

    /// <summary>Whether <paramref name="memberId"/> may use dataset <paramref name="name"/> now (the rule applied at launch).</summary>
    public async Task<bool> IsEntitledAsync(string name, string memberId, CancellationToken cancellationToken)
    {
        var access = await db.DatasetAccess.AsNoTracking().FirstOrDefaultAsync(a => a.Name == name, cancellationToken);
        var tier = access?.Access == DatasetAccess.Members ? await members.TierAtAsync(memberId, clock.GetUtcNow(), cancellationToken) : null;
        return DatasetEntitlement.Allows(access, memberId, tier);
    }

    /// <summary>
    /// Every dataset with its versions, by name, as <paramref name="caller"/> may see it: versions whose build failed only
    /// to admins (with the reason, so they can publish them again); a dataset with nothing else is not listed to others.
    /// </summary>
    /// <remarks>A page of them by name: the key a <see cref="Paging.PageCursor"/> carries is <c>[name]</c>.</remarks>
    public async Task<Paging.Page<DatasetView>> PageAsync(DatasetCaller caller, Paging.PageRequest page, CancellationToken cancellationToken)
    {
        var visible = Visible(caller);
        if (page.After is { } after)
        {
            var last = after.Key[0];
            #pragma warning disable CA1309 // SQL: compared on the store's collation, the same the ORDER BY below uses
            visible = visible.Where(v => string.Compare(v.Name, last) > 0);
            #pragma warning restore CA1309
        }

        var names = await visible.Select(v => v.Name).Distinct().OrderBy(n => n).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var pageNames = page.PageOf(names, n => Paging.PageCursor.Of(n));
        var wanted = pageNames.Items.ToList();
        var versions = await Visible(caller).Where(v => wanted.Contains(v.Name)).ToListAsync(cancellationToken);
        var access = await db.DatasetAccess.AsNoTracking().Where(a => wanted.Contains(a.Name)).ToDictionaryAsync(a => a.Name, cancellationToken);
        var tier = await members.TierAtAsync(caller.MemberId, clock.GetUtcNow(), cancellationToken);
        var views = versions.GroupBy(v => v.Name).ToDictionary(g => g.Key, g => ViewOf(g, access.GetValueOrDefault(g.Key), caller, tier), StringComparer.Ordinal);
        return new Paging.Page<DatasetView>(wanted.Where(views.ContainsKey).Select(n => views[n]).ToList(), pageNames.Next);
    }


    /// <summary>One dataset with the versions <paramref name="caller"/> may see (as <see cref="PageAsync"/>), or null.</summary>
    public async Task<DatasetView?> FindAsync(string name, DatasetCaller caller, CancellationToken cancellationToken)
    {
        var versions = await Visible(caller).Where(v => v.Name == name).ToListAsync(cancellationToken);
        if (versions.Count == 0)
        {
            return null;
        }

        var access = await db.DatasetAccess.AsNoTracking().FirstOrDefaultAsync(a => a.Name == name, cancellationToken);
        var tier = await members.TierAtAsync(caller.MemberId, clock.GetUtcNow(), cancellationToken);
        return ViewOf(versions.GroupBy(v => v.Name).Single(), access, caller, tier);
    }

    // Failed versions were never usable and are not part of the catalog analysts see.
    private IQueryable<DatasetVersionRecord> Visible(DatasetCaller caller) => caller.IsAdmin
        ? db.DatasetVersions.AsNoTracking()
        : db.DatasetVersions.AsNoTracking().Where(v => v.Status != DatasetStatus.Failed);

    private static DatasetView ViewOf(IGrouping<string, DatasetVersionRecord> versions, DatasetAccessRecord? access, DatasetCaller caller, string? tier)
    {
        var shown = caller.IsAdmin
            ? access is null ? new DatasetAccessView(DatasetAccess.Everyone, []) : new DatasetAccessView(access.Access, DatasetEntitlement.MembersOf(access))
            : null;
        return DatasetView.Of(versions, DatasetEntitlement.Allows(access, caller.MemberId, tier), shown);
    }
}
