using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Datasets;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Accepts a dataset upload: stages the archive, validates metadata and every archive entry while staging the files,
/// makes the data image in-process as an OCI layout (<see cref="DataImageLayoutWriter"/>), records the version as
/// <c>building</c> and queues its hand-over to where sessions run (<see cref="DatasetBuildService"/>). A refused upload
/// leaves no file, no layout, no image and no catalog entry.
/// </summary>
internal sealed class DatasetPublisher(
    SandboxDbContext db, DatasetStaging staging, DatasetLayouts layouts, DatasetBuildQueue builds, IOptions<DatasetsOptions> options,
    IOptions<RegistryOptions> registry, DataImageLayoutWriter layoutWriter, TimeProvider clock, AuditLog audit)
{
    public async Task<PublishOutcome> PublishAsync(HttpRequest request, string publishedBy, CancellationToken cancellationToken)
    {
        var settings = options.Value;

        // 1. Stage the upload (the archive goes to disk as it arrives).
        var archivePath = staging.NewUploadPath();
        var upload = await DatasetUploadReader.ReadAsync(request, archivePath, settings.MaxUploadBytes, cancellationToken);
        if (upload.Reason is not null)
        {
            return PublishOutcome.Refuse(upload.Status, upload.Reason, upload.Detail!);
        }

        var contextPath = staging.NewContextPath();
        var layoutPath = staging.NewLayoutPath();
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

            // 4. The data image, from the staged files.
            var manifest = written.Value;
            var layout = await layoutWriter.WriteAsync(
                manifest, new DataImageDescription(description.TitleEn, description.Source, description.License), contextPath, layoutPath, cancellationToken);

            // 5. Record the version and queue the image's hand-over.
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
                Image = ImageReference(settings, registry.Value, manifest, layout),
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

            layouts.Adopt(layoutPath, record.Name, record.Version);
            builds.Enqueue(record.Id);
            return PublishOutcome.Accept(DatasetVersionView.Of(record));
        }
        finally
        {
            DatasetStaging.Delete(archivePath);
            DatasetStaging.Delete(contextPath);
            DatasetLayouts.DeleteFolder(layoutPath);
        }
    }

    // With a registry, sessions name the image by its manifest digest, which cannot be re-pointed; on one engine, by a
    // tag the load sets (the mount checks the image id behind it).
    private static string ImageReference(DatasetsOptions settings, RegistryOptions registry, DatasetManifest manifest, DataImageLayout layout) =>
        registry.Enabled
            ? $"{registry.Host}/{registry.Repository}/{manifest.Name}@{layout.Manifest.Digest}"
            : $"{settings.ImageRepository}/{manifest.Name}:{manifest.Version}";

    private static PublishOutcome VersionExists(string name, string version) =>
        PublishOutcome.Refuse(409, "dataset.version_exists", $"Dataset {name} already has a version {version}; versions never change.");
}
