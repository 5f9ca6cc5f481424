using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Reads a multipart dataset upload as it streams in: the <c>metadata</c> JSON part into memory (small), the
/// <c>archive</c> part straight to a staging file, never whole in memory.
/// </summary>
internal static class DatasetUploadReader
{
    private const int MaxMetadataBytes = 64 * 1024;

    /// <summary>The outcome of reading an upload; on failure the staged file is already deleted.</summary>
    public sealed record Upload(DatasetMetadata? Metadata, bool HasArchive, string? Reason, string? Detail, int Status = 400);

    public static async Task<Upload> ReadAsync(HttpRequest request, string archivePath, long maxArchiveBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return new Upload(null, false, "dataset.malformed_upload", "Send multipart/form-data with a 'metadata' part and an 'archive' part.", 415);
        }

        DatasetMetadata? metadata = null;
        var hasArchive = false;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var part = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                    : null;
                switch (part)
                {
                    case "metadata":
                        metadata = await ReadMetadataAsync(section.Body, cancellationToken);
                        break;
                    case "archive":
                        if (hasArchive)
                        {
                            return Fail(archivePath, "dataset.malformed_upload", "The upload has more than one 'archive' part.");
                        }

                        hasArchive = true;
                        if (!await CopyLimitedAsync(section.Body, archivePath, maxArchiveBytes, cancellationToken))
                        {
                            return Fail(archivePath, "dataset.upload_too_large", $"The archive is larger than {maxArchiveBytes} bytes.", 413);
                        }

                        break;
                    default:
                        await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            return Fail(archivePath, "dataset.invalid_metadata", $"The 'metadata' part is not valid JSON: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            return Fail(archivePath, "dataset.malformed_upload", $"The multipart body is malformed: {e.Message}");
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            return Fail(archivePath, "dataset.malformed_upload", $"The upload ended early: {e.Message}");
        }

        if (metadata is null)
        {
            return Fail(archivePath, "dataset.invalid_metadata", "The upload has no 'metadata' part.");
        }

        if (!hasArchive)
        {
            return Fail(archivePath, "dataset.missing_archive", "The upload has no 'archive' part.");
        }

        return new Upload(metadata, true, null, null);
    }

    private static async Task<DatasetMetadata?> ReadMetadataAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        if (!await CopyLimitedAsync(body, buffer, MaxMetadataBytes, cancellationToken))
        {
            throw new InvalidDataException($"The 'metadata' part is larger than {MaxMetadataBytes} bytes.");
        }

        buffer.Position = 0;
        return await JsonSerializer.DeserializeAsync<DatasetMetadata>(buffer, JsonSerializerOptions.Web, cancellationToken)
            ?? throw new JsonException("The 'metadata' part is null.");
    }

    private static async Task<bool> CopyLimitedAsync(Stream source, string path, long max, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        return await CopyLimitedAsync(source, file, max, cancellationToken);
    }

    private static async Task<bool> CopyLimitedAsync(Stream source, Stream destination, long max, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > max)
            {
                return false;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return true;
    }

    private static Upload Fail(string archivePath, string reason, string detail, int status = 400)
    {
        DatasetStaging.Delete(archivePath);
        return new Upload(null, false, reason, detail, status);
    }
}
