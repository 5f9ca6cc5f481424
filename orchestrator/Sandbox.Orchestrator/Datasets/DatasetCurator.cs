using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// An admin's changes to published datasets: who may use them, and withdrawing a version. Each change is audited in
/// the same save. Neither touches a running session: what is mounted stays mounted.
/// </summary>
internal sealed class DatasetCurator(SandboxDbContext db, TimeProvider clock, AuditLog audit)
{
    /// <summary>Sets who may use every version of dataset <paramref name="name"/>.</summary>
    public async Task<CuratorOutcome<DatasetAccessView>> SetAccessAsync(
        string name, DatasetAccessRequest request, string adminId, CancellationToken cancellationToken)
    {
        // 1. The dataset must exist and the request be well formed.
        if (!await db.DatasetVersions.AnyAsync(v => v.Name == name, cancellationToken))
        {
            return CuratorOutcome<DatasetAccessView>.Refuse(404, new ValidationError("name", "dataset.not_found", $"There is no dataset {name}."));
        }

        var errors = new List<ValidationError>();
        if (DatasetAccessRules.Validate(request, errors) is not { } access)
        {
            return CuratorOutcome<DatasetAccessView>.Refuse(400, [.. errors]);
        }

        // 2. Every named member must exist; name the ones that do not.
        var known = await db.Users.AsNoTracking().Where(u => access.Members.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        var unknown = access.Members.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return CuratorOutcome<DatasetAccessView>.Refuse(400,
                new ValidationError("members", "dataset.unknown_members", $"Unknown member ids: {string.Join(", ", unknown)}."));
        }

        // 3. Store it with its audit event.
        var record = await db.DatasetAccess.FirstOrDefaultAsync(a => a.Name == name, cancellationToken);
        if (record is null)
        {
            record = new DatasetAccessRecord { Name = name };
            db.DatasetAccess.Add(record);
        }

        record.Access = access.Access;
        record.MembersJson = JsonSerializer.Serialize(access.Members);
        record.ChangedBy = adminId;
        record.ChangedAt = clock.GetUtcNow();
        audit.Add(AuditKinds.DatasetAccessChanged, adminId, name, new { access = access.Access, members = access.Members });
        await db.SaveChangesAsync(cancellationToken);
        return CuratorOutcome<DatasetAccessView>.Done(access);
    }

    /// <summary>Withdraws one version from new sessions. Withdrawing it again changes nothing.</summary>
    public async Task<CuratorOutcome<DatasetVersionView>> WithdrawAsync(string name, string version, string adminId, CancellationToken cancellationToken)
    {
        var record = await db.DatasetVersions.FirstOrDefaultAsync(v => v.Name == name && v.Version == version, cancellationToken);
        if (record is null)
        {
            return CuratorOutcome<DatasetVersionView>.Refuse(404, new ValidationError("version", "dataset.version_not_found", $"Dataset {name} has no version {version}."));
        }

        if (record.WithdrawnAt is null)
        {
            // Cut to the store's millisecond precision so this answer and every later read agree.
            record.WithdrawnAt = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
            record.WithdrawnBy = adminId;
            audit.Add(AuditKinds.DatasetWithdrawn, adminId, $"{name}@{version}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return CuratorOutcome<DatasetVersionView>.Done(DatasetVersionView.Of(record));
    }
}
