using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>
/// Removes the images of withdrawn dataset versions once no live session mounts them. The catalog entry stays, marked
/// with <see cref="DatasetVersionRecord.ImageRemovedAt"/>, so sessions and usage that name the version keep their meaning
/// (launching a withdrawn version is refused anyway).
/// </summary>
internal sealed partial class WithdrawnImageSweepWork(
    SandboxDbContext db, IDataImageRemover images, IOptions<SweepOptions> options, TimeProvider clock, ILogger<WithdrawnImageSweepWork> logger) : IScheduledWork
{
    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // 1. Withdrawn versions whose image is still there, and what live sessions mount.
        var candidates = await db.DatasetVersions
            .Where(v => v.WithdrawnAt != null && v.ImageRemovedAt == null && v.Status == DatasetStatus.Published)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return;
        }

        var live = await LiveSessions.ListAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        var removable = WithdrawnImagePlan.Removable(
            candidates.Select(v => new WithdrawnVersion(v.Id, v.Name, v.Version, v.Image, v.WithdrawnAt!.Value)).ToList(),
            live, now, options.Value.WithdrawnImageGrace);

        // 2. Remove each image, then mark its version; an image the runtime still uses stays for the next pass.
        foreach (var version in removable)
        {
            try
            {
                await images.RemoveAsync(version.Image, cancellationToken);
            }
            catch (RuntimeException e)
            {
                Log.Kept(logger, version.Name, version.Version, e.Reason, e.Message);
                continue;
            }

            candidates.Single(c => c.Id == version.Id).ImageRemovedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            Log.Removed(logger, version.Name, version.Version, version.Image);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sweep removed the image {Image} of withdrawn dataset {Name} {Version}")]
        public static partial void Removed(ILogger logger, string name, string version, string image);

        [LoggerMessage(2, LogLevel.Warning, "Sweep kept the image of withdrawn dataset {Name} {Version}: {Reason}: {Message}")]
        public static partial void Kept(ILogger logger, string name, string version, string reason, string message);
    }
}
