using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Hands the data images of uploaded dataset versions, one at a time, to where sessions run, and records the outcome:
/// with a registry, pushed there (blobs, then the manifest) and pulled by the engine by digest; without one, loaded
/// into the engine from the layout. A failed hand-over marks the version <c>failed</c> with the reason and removes its
/// layout. After a restart it resumes versions whose layout is complete and fails the others
/// (<c>build_interrupted</c>), so nothing stays <c>building</c> forever, and gives versions published before layouts
/// existed theirs (<see cref="DatasetLayoutBackfill"/>).
/// </summary>
internal sealed partial class DatasetBuildService(
    IServiceScopeFactory scopes, DatasetBuildQueue queue, DatasetStaging staging, DatasetLayouts layouts, IDataImageLoader loader,
    IOptions<RegistryOptions> registry, DatasetLayoutBackfill backfill, TimeProvider clock, ILogger<DatasetBuildService> logger,
    DataImagePusher? pusher = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            long id;
            try
            {
                id = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await HandOverAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.BuildCrashed(logger, e, id);
            }
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var leftover in Directory.EnumerateFileSystemEntries(staging.Folder))
        {
            if (leftover.EndsWith(".layout.tmp", StringComparison.Ordinal))
            {
                DatasetLayouts.DeleteFolder(leftover);
            }
            else
            {
                DatasetStaging.Delete(leftover);
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        foreach (var version in await db.DatasetVersions.Where(d => d.Status == DatasetStatus.Building).ToListAsync(cancellationToken))
        {
            if (await DataImageLayout.OpenAsync(layouts.FolderFor(version.Name, version.Version), cancellationToken) is not null)
            {
                queue.Enqueue(version.Id);
            }
            else
            {
                version.Status = DatasetStatus.Failed;
                version.Reason = "build_interrupted";
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // Versions the engine built before layouts existed get theirs, once.
        await backfill.RunAsync(db, cancellationToken);
    }

    private async Task HandOverAsync(long id, CancellationToken cancellationToken)
    {
        // 1. The version, still waiting, and its layout.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var version = await db.DatasetVersions.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (version is not { Status: DatasetStatus.Building })
        {
            return;
        }

        var layout = await DataImageLayout.OpenAsync(layouts.FolderFor(version.Name, version.Version), cancellationToken);
        var failure = layout is null
            ? new RegistryFailure("build_interrupted", "The version's image layout is missing or incomplete.")
            : null;

        // 2. Pushed, then pulled by digest; or loaded.
        if (layout is not null)
        {
            try
            {
                if (pusher is not null && registry.Value.Enabled)
                {
                    failure = await pusher.PushAsync(layout, version.Name, cancellationToken);
                    if (failure is null)
                    {
                        version.ImageId = await loader.PullAsync(version.Image, Credentials(registry.Value), cancellationToken);
                    }
                }
                else
                {
                    version.ImageId = await loader.LoadAsync(
                        new DataImageFiles(layout.Folder, layout.Config.Digest, [layout.Layer.Digest]), version.Image, cancellationToken);
                }
            }
            catch (RuntimeException e)
            {
                failure = new RegistryFailure(e.Reason, e.Message);
            }
        }

        // 3. The outcome; a failed version keeps no layout (publishing it again makes a new one).
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
            layouts.Delete(version.Name, version.Version);
            Log.BuildFailed(logger, version.Name, version.Version, failure.Reason, failure.Message);
        }

        await db.SaveChangesAsync(CancellationToken.None);
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
    }
}
