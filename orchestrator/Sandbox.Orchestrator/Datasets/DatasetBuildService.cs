using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Datasets;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Builds the data images of accepted dataset versions, one at a time, and records the outcome: writes the OCI layout
/// from the version's staged files (streaming, <see cref="DataImageLayoutWriter"/>), then hands it to where sessions
/// run: with a registry, pushed there (blobs, then the manifest) and pulled by the engine by digest; without one,
/// loaded into the engine. A failed build marks the version <c>failed</c> with the reason and leaves nothing: no staged
/// files, no layout, and no manifest in the registry. After a restart it resumes versions whose layout or staged files
/// are complete and fails the others (<c>build_interrupted</c>, their leftovers removed), so nothing stays
/// <c>building</c> forever, and gives versions published before layouts existed theirs (<see cref="DatasetLayoutBackfill"/>).
/// </summary>
/// <remarks>
/// With several replicas (the data folder on shared storage), a build is claimed with a store lease
/// (<see cref="IScheduledWorkLease"/>, named <c>dataset-build:{id}</c>) so exactly one replica builds each version; the
/// lease is renewed while the build runs and released when it ends. Every <see cref="TakeoverScanInterval"/> each
/// replica queues the versions still building (those older than a claim: a younger one is still its publisher's), so when
/// a building replica dies another takes the version over once the lease has run out and resumes it from the staged
/// files or the layout, as a restart does.
/// </remarks>
internal sealed partial class DatasetBuildService(
    IServiceScopeFactory scopes, DatasetBuildQueue queue, DatasetStaging staging, DatasetLayouts layouts, DataImageLayoutWriter layoutWriter,
    IDataImageLoader loader, IOptions<RegistryOptions> registry, DatasetLayoutBackfill backfill, TimeProvider clock, ILogger<DatasetBuildService> logger,
    Telemetry.SandboxMetrics metrics, DataImagePusher? pusher = null) : BackgroundService
{
    /// <summary>The reason of a version whose build was cut short (a crash) and whose staged files are gone.</summary>
    public const string Interrupted = "build_interrupted";

    /// <summary>How long a build claim lasts unless renewed (renewed every third of it while the build runs).</summary>
    public static readonly TimeSpan ClaimLength = TimeSpan.FromMinutes(1);

    private const string ClaimPrefix = "dataset-build:";

    /// <summary>How often versions still building are queued again, so a dead replica's builds are taken over.</summary>
    public static readonly TimeSpan TakeoverScanInterval = TimeSpan.FromSeconds(30);

    /// <summary>With replicas, how long a staging entry must be untouched before a starting replica takes it for a leftover.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    /// <summary>The name of a version's build claim.</summary>
    public static string ClaimName(long datasetVersionId) => ClaimPrefix + datasetVersionId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        var scanning = ScanAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            long id;
            try
            {
                id = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                await scanning;
                return;
            }

            try
            {
                await ClaimedBuildAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.BuildCrashed(logger, e, id);
            }
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        if (db.Database.IsSqlite())
        {
            // The embedded store serves one process: build claims in it that are not ours are a previous life's (a crash
            // during a build), not another replica's; waiting for them to run out would hold the version for a minute.
            var me = scope.ServiceProvider.GetRequiredService<ReplicaIdentity>().Id;
            await db.ScheduledWorkLeases.Where(l => l.Name.StartsWith(ClaimPrefix) && l.Holder != me).ExecuteDeleteAsync(cancellationToken);
        }

        var building = await db.DatasetVersions.Where(d => d.Status == DatasetStatus.Building).ToListAsync(cancellationToken);

        // 1. Staging holds only the staged files of versions still building; the rest are leftovers of cut-short work.
        var waiting = building.Select(v => staging.StagedFilesFor(v.Name, v.Version)).ToHashSet(StringComparer.Ordinal);
        //    With replicas (PostgreSQL; the folder is shared) an entry another replica is writing right now (an upload, a
        //    layout written aside) is not a leftover: only entries untouched for a while are.
        var onlyStale = !db.Database.IsSqlite();
        foreach (var leftover in Directory.EnumerateFileSystemEntries(staging.Folder))
        {
            if (onlyStale && clock.GetUtcNow() - new DateTimeOffset(Directory.GetLastWriteTimeUtc(leftover), TimeSpan.Zero) < StaleAfter)
            {
                continue;
            }

            if (Directory.Exists(leftover))
            {
                DatasetLayouts.DeleteFolder(leftover);
            }
            else if (!waiting.Contains(leftover))
            {
                DatasetStaging.Delete(leftover);
            }
        }

        // 2. A version resumes from a complete layout, or from its staged files; with neither it failed for good. A version
        //    another replica is building is its business.
        var claims = scope.ServiceProvider.GetRequiredService<IScheduledWorkLease>();
        foreach (var version in building)
        {
            if (!await claims.TryTakeAsync(ClaimName(version.Id), ClaimLength, cancellationToken))
            {
                continue;
            }

            await claims.ReleaseAsync(ClaimName(version.Id), cancellationToken);
            if (await DataImageLayout.OpenAsync(layouts.FolderFor(version.Name, version.Version), cancellationToken) is not null
                || File.Exists(staging.StagedFilesFor(version.Name, version.Version)))
            {
                queue.Enqueue(version.Id);
            }
            else
            {
                version.Status = DatasetStatus.Failed;
                version.Reason = Interrupted;
                layouts.Delete(version.Name, version.Version);
                Log.BuildFailed(logger, version.Name, version.Version, Interrupted, "Neither its staged files nor a complete layout survived the restart.");
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // Versions the engine built before layouts existed get theirs, once.
        await backfill.RunAsync(db, cancellationToken);
    }

    /// <summary>Builds a version if this replica can claim it (another replica holding the claim builds it), renewing the claim meanwhile.</summary>
    private async Task ClaimedBuildAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var claims = scope.ServiceProvider.GetRequiredService<IScheduledWorkLease>();
        if (!await claims.TryTakeAsync(ClaimName(id), ClaimLength, cancellationToken))
        {
            return;
        }

        using var building = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewClaimAsync(id, building.Token);
        try
        {
            await BuildAsync(id, cancellationToken);
        }
        finally
        {
            await building.CancelAsync();
            await renewing;
            await claims.ReleaseAsync(ClaimName(id), CancellationToken.None);
        }
    }

    private async Task RenewClaimAsync(long id, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ClaimLength / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IScheduledWorkLease>().TryTakeAsync(ClaimName(id), ClaimLength, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The build ended.
        }
    }

    /// <summary>Queues every version still building now and then: one whose builder died is claimed here once its claim ran out.</summary>
    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TakeoverScanInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
                    // A version younger than a claim is its publisher's: it is recorded before its staged files are kept,
                    // and a build started in between would find none and fail it.
                    var building = await db.DatasetVersions.AsNoTracking().Where(d => d.Status == DatasetStatus.Building)
                        .Select(d => new { d.Id, d.CreatedAt }).ToListAsync(cancellationToken);
                    foreach (var version in building.Where(v => clock.GetUtcNow() - v.CreatedAt >= ClaimLength))
                    {
                        queue.Enqueue(version.Id);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ScanFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task BuildAsync(long id, CancellationToken cancellationToken)
    {
        // 1. The version, still waiting.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var version = await db.DatasetVersions.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (version is not { Status: DatasetStatus.Building })
        {
            return;
        }

        Log.Building(logger, version.Name, version.Version);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        // 2. Its layout: complete already (a resumed build), or written now from the staged files.
        var (layout, failure) = await LayoutAsync(version, cancellationToken);

        // 3. Pushed, then pulled by digest; or loaded.
        if (layout is not null)
        {
            failure = await HandOverAsync(version, layout, cancellationToken);
        }

        // 4. The outcome. The staged files are done with either way; a failed version keeps no layout (publishing it
        //    again makes a new one) and is shown only to admins.
        DatasetStaging.Delete(staging.StagedFilesFor(version.Name, version.Version));
        if (failure is null)
        {
            version.Status = DatasetStatus.Published;
            version.PublishedAt = clock.GetUtcNow();
            Log.Published(logger, version.Name, version.Version, version.Image, version.ImageId!);
        }
        else
        {
            version.Status = DatasetStatus.Failed;
            version.Reason = failure.Reason;
            version.ImageId = null;
            layouts.Delete(version.Name, version.Version);
            Log.BuildFailed(logger, version.Name, version.Version, failure.Reason, failure.Message);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        metrics.DatasetBuildEnded(failure is null ? "published" : "failed", System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private async Task<(DataImageLayout? Layout, RegistryFailure? Failure)> LayoutAsync(DatasetVersionRecord version, CancellationToken cancellationToken)
    {
        var folder = layouts.FolderFor(version.Name, version.Version);
        if (await DataImageLayout.OpenAsync(folder, cancellationToken) is { } complete)
        {
            return (complete, null);
        }

        var staged = staging.StagedFilesFor(version.Name, version.Version);
        if (!File.Exists(staged) || DatasetManifestJson.Deserialize(version.ManifestJson) is not { } manifest)
        {
            return (null, new RegistryFailure(Interrupted, "The version's staged files are missing."));
        }

        // Written aside and moved into place whole: a layout in the images folder is always complete.
        var written = staging.NewLayoutPath();
        try
        {
            await layoutWriter.WriteAsync(manifest, new DataImageDescription(version.Title, version.Source, version.License), staged, written, cancellationToken);
            layouts.Adopt(written, version.Name, version.Version);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            DatasetLayouts.DeleteFolder(written);
            return (null, new RegistryFailure("build_failed", $"The data image could not be written: {e.Message}"));
        }

        return (await DataImageLayout.OpenAsync(folder, cancellationToken), null);
    }

    private async Task<RegistryFailure?> HandOverAsync(DatasetVersionRecord version, DataImageLayout layout, CancellationToken cancellationToken)
    {
        try
        {
            if (pusher is not null && registry.Value.Enabled)
            {
                version.Image = pusher.ImageReference(layout, version.Name);
                if (await pusher.PushAsync(layout, version.Name, cancellationToken) is { } pushFailure)
                {
                    return pushFailure;
                }

                try
                {
                    version.ImageId = await loader.PullAsync(version.Image, Credentials(registry.Value), cancellationToken);
                    return null;
                }
                catch (RuntimeException)
                {
                    // The manifest is in the registry but the image cannot be used: the registry must not name it.
                    if (await pusher.RemoveAsync(layout, version.Name, CancellationToken.None) is { } notRemoved)
                    {
                        Log.ManifestLeft(logger, version.Name, version.Version, notRemoved.Message);
                    }

                    throw;
                }
            }

            version.ImageId = await loader.LoadAsync(
                new DataImageFiles(layout.Folder, layout.Config.Digest, [layout.Layer.Digest]), version.Image, cancellationToken);
            return null;
        }
        catch (RuntimeException e)
        {
            return new RegistryFailure(e.Reason, e.Message);
        }
    }

    private static RegistryCredentials? Credentials(RegistryOptions registry) =>
        registry.Username is { Length: > 0 } user ? new RegistryCredentials(registry.Host, user, registry.Password ?? "") : null;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dataset {Name}@{Version} published as image {Image} ({ImageId})")]
        public static partial void Published(ILogger logger, string name, string version, string image, string imageId);

        [LoggerMessage(2, LogLevel.Warning, "Dataset {Name}@{Version} failed to publish: {Reason}: {Message}")]
        public static partial void BuildFailed(ILogger logger, string name, string version, string reason, string message);

        [LoggerMessage(3, LogLevel.Error, "Publishing dataset version {Id} crashed; it stays building until the next start")]
        public static partial void BuildCrashed(ILogger logger, Exception exception, long id);

        [LoggerMessage(4, LogLevel.Warning, "Dataset {Name}@{Version} failed after its manifest was pushed, and the manifest could not be removed: {Message}")]
        public static partial void ManifestLeft(ILogger logger, string name, string version, string message);

        [LoggerMessage(5, LogLevel.Warning, "Looking for dataset builds to take over failed; retrying at the next scan")]
        public static partial void ScanFailed(ILogger logger, Exception exception);

        [LoggerMessage(6, LogLevel.Information, "Building dataset {Name}@{Version} (claimed here)")]
        public static partial void Building(ILogger logger, string name, string version);
    }
}
