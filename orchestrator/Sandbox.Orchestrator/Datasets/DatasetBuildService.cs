using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Builds the data images of uploaded dataset versions, one at a time, and records the outcome. After a restart it
/// resumes builds whose build context survived and fails the others (<c>build_interrupted</c>), so nothing stays
/// <c>building</c> forever.
/// </summary>
internal sealed partial class DatasetBuildService(
    IServiceScopeFactory scopes, DatasetBuildQueue queue, DatasetStaging staging, IDataImageBuilder builder, TimeProvider clock,
    ILogger<DatasetBuildService> logger) : BackgroundService
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
                await BuildAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.BuildCrashed(logger, e, id);
            }
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var leftover in Directory.EnumerateFiles(staging.Folder).Where(f => f.EndsWith(".upload", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal)))
        {
            DatasetStaging.Delete(leftover);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        foreach (var version in await db.DatasetVersions.Where(d => d.Status == DatasetStatus.Building).ToListAsync(cancellationToken))
        {
            if (File.Exists(staging.ContextPath(version.Id)))
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
    }

    private async Task BuildAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var version = await db.DatasetVersions.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        var contextPath = staging.ContextPath(id);
        if (version is not { Status: DatasetStatus.Building })
        {
            DatasetStaging.Delete(contextPath);
            return;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.title"] = version.Title,
            ["org.opencontainers.image.version"] = version.Version,
            ["org.sandbox.dataset.name"] = version.Name,
            ["org.sandbox.dataset.version"] = version.Version,
            ["org.sandbox.dataset.digest"] = version.ContentDigest,
        };
        try
        {
            await using (var context = File.OpenRead(contextPath))
            {
                version.ImageId = await builder.BuildAsync(version.Image, context, labels, new Progress<string>(), cancellationToken);
            }

            version.Status = DatasetStatus.Published;
            version.PublishedAt = clock.GetUtcNow();
            Log.Published(logger, version.Name, version.Version, version.ImageId);
        }
        catch (RuntimeException e)
        {
            version.Status = DatasetStatus.Failed;
            version.Reason = e.Reason;
            Log.BuildFailed(logger, version.Name, version.Version, e.Message);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        DatasetStaging.Delete(contextPath);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dataset {Name}@{Version} published as image {ImageId}")]
        public static partial void Published(ILogger logger, string name, string version, string imageId);

        [LoggerMessage(2, LogLevel.Warning, "Dataset {Name}@{Version} failed to build: {Message}")]
        public static partial void BuildFailed(ILogger logger, string name, string version, string message);

        [LoggerMessage(3, LogLevel.Error, "Building dataset version {Id} crashed; it stays building until the next start")]
        public static partial void BuildCrashed(ILogger logger, Exception exception, long id);
    }
}
