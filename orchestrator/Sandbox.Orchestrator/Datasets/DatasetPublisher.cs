using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Datasets;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Accepts a dataset upload: with a registry configured, first checks that it answers and takes the credentials
/// (503 <c>registry.unavailable</c> / <c>registry.credentials_refused</c> otherwise); then stages the archive, validates
/// metadata and every archive entry while staging the files (a hostile archive is refused here, 422), keeps the staged
/// files under a name tied to the version (<see cref="DatasetStaging.StagedFilesFor"/>), records the version as
/// <c>building</c> and queues its build (<see cref="DatasetBuildService"/>: the OCI layout, then the hand-over to where
/// sessions run). The answer does not wait for the image. A refused upload leaves no file and no catalog entry.
/// </summary>
internal sealed class DatasetPublisher(
    SandboxDbContext db, DatasetStaging staging, DatasetBuildQueue builds, IOptions<DatasetsOptions> options,
    IOptions<RegistryOptions> registry, RuntimeInstallation installation, TimeProvider clock, AuditLog audit, DataImagePusher? pusher = null)
{
    /// <summary>The registry does not answer (no connection, a timeout, a 5xx): nothing can be published now.</summary>
    public const string RegistryUnavailable = "registry.unavailable";

    /// <summary>The registry refuses the configured credentials (401/403 on <c>GET /v2/</c>).</summary>
    public const string RegistryCredentialsRefused = "registry.credentials_refused";

    public async Task<PublishOutcome> PublishAsync(HttpRequest request, string publishedBy, CancellationToken cancellationToken)
    {
        var settings = options.Value;

        // 0. With a registry, it must answer and take the credentials before an upload is taken in.
        if (pusher is not null && registry.Value.Enabled && await pusher.CheckAsync(cancellationToken) is { } down)
        {
            return down.Reason == RegistryFailure.Unauthorized
                ? PublishOutcome.Refuse(503, RegistryCredentialsRefused, $"The registry refuses the configured credentials; nothing was published. {down.Message}")
                : PublishOutcome.Refuse(503, RegistryUnavailable, $"The registry is not answering; nothing was published. {down.Message}");
        }

        // 1. Stage the upload (the archive goes to disk as it arrives).
        var archivePath = staging.NewUploadPath();
        var upload = await DatasetUploadReader.ReadAsync(request, archivePath, settings.MaxUploadBytes, cancellationToken);
        if (upload.Reason is not null)
        {
            DatasetStaging.Delete(archivePath);
            return PublishOutcome.Refuse(upload.Status, upload.Reason, upload.Detail!);
        }

        var contextPath = staging.NewContextPath();
        try
        {
            // 2. Metadata: name, version, and the descriptive fields (every error at once).
            var metadata = upload.Metadata!;
            var name = DatasetName.Parse(metadata.Name);
            var version = Sandbox.Datasets.DatasetVersion.Parse(metadata.Version);
            if (!name.IsSuccess)
            {
                return PublishOutcome.Refuse(400, name.Error.Reason, name.Error.Message);
            }

            if (!version.IsSuccess)
            {
                return PublishOutcome.Refuse(400, version.Error.Reason, version.Error.Message);
            }

            var errors = new List<ValidationError>();
            if (DatasetMetadataRules.Validate(metadata, errors) is not { } description)
            {
                return PublishOutcome.Invalid(errors);
            }

            // A version that failed to build was never usable and has no image: publishing it again replaces it.
            var existing = await db.DatasetVersions.FirstOrDefaultAsync(d => d.Name == name.Value.Value && d.Version == version.Value.Value, cancellationToken);
            if (existing is { Status: not DatasetStatus.Failed })
            {
                return VersionExists(name.Value.Value, version.Value.Value);
            }

            // 3. Validate every entry while writing the build context.
            var writer = new DatasetBuildContextWriter(new DatasetArchiveLimits { MaxTotalBytes = settings.MaxUnpackedBytes, MaxFiles = settings.MaxFiles });
            var written = await DatasetBuildContextFile.WriteAsync(writer, name.Value, version.Value, archivePath, contextPath, cancellationToken);
            if (!written.IsSuccess)
            {
                return PublishOutcome.Refuse(422, written.Error.Reason, written.Error.Message);
            }

            // 4. Record the version and queue its build; the layout is written there, not while the request waits.
            var manifest = written.Value;
            var record = new DatasetVersionRecord
            {
                Name = manifest.Name,
                Version = manifest.Version,
                Title = description.TitleEn,
                Description = description.DescriptionEn,
                TitleKo = description.TitleKo,
                DescriptionKo = description.DescriptionKo,
                Source = description.Source,
                License = description.License,
                TagsJson = DatasetTags.ToJson(description.Tags),
                Status = DatasetStatus.Building,
                Image = ImageReference(settings, registry.Value, installation.Identity, manifest),
                ContentDigest = manifest.ContentDigest,
                FileCount = manifest.Files.Count,
                TotalBytes = manifest.TotalBytes,
                ManifestJson = DatasetManifestJson.Serialize(manifest),
                PublishedBy = publishedBy,
                CreatedAt = clock.GetUtcNow(),
            };
            if (existing is not null)
            {
                db.DatasetVersions.Remove(existing);
            }

            db.DatasetVersions.Add(record);
            audit.Add(AuditKinds.DatasetPublished, publishedBy, $"{record.Name}@{record.Version}", new { digest = record.ContentDigest, files = record.FileCount, bytes = record.TotalBytes });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same version raced in from a parallel upload.
                return VersionExists(manifest.Name, manifest.Version);
            }

            // Recorded first, then kept: a crash in between leaves a version without staged files, which the next start
            // fails (build_interrupted), never staged files that no version owns.
            try
            {
                staging.Keep(contextPath, record.Name, record.Version);
            }
            finally
            {
                // Without its staged files the build fails the version (build_interrupted) rather than leaving it building.
                builds.Enqueue(record.Id);
            }

            return PublishOutcome.Accept(DatasetVersionView.Of(record));
        }
        finally
        {
            DatasetStaging.Delete(archivePath);
            DatasetStaging.Delete(contextPath);
        }
    }

    // On one engine, sessions name the image by a tag the load sets (the mount checks the image id behind it); the tag
    // carries the installation, since tags can be moved and two installations may share an engine (one that predates
    // installation ids keeps its old names). With a registry, by the manifest's digest, which cannot be re-pointed; it is
    // known once the build wrote the layout, so until then the reference is the repository alone.
    internal static string ImageReference(DatasetsOptions settings, RegistryOptions registry, InstallationIdentity installation, DatasetManifest manifest) =>
        registry.Enabled
            ? $"{registry.Host}/{registry.Repository}/{manifest.Name}"
            : installation.AdoptsUnlabelled
                ? $"{settings.ImageRepository}/{manifest.Name}:{manifest.Version}"
                : $"{settings.ImageRepository}/{installation.Id}/{manifest.Name}:{manifest.Version}";

    private static PublishOutcome VersionExists(string name, string version) =>
        PublishOutcome.Refuse(409, "dataset.version_exists", $"Dataset {name} already has a version {version}; versions never change.");
}
