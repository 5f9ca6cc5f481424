using System.Security.Cryptography;
using Sandbox.Datasets.Archives;

namespace Sandbox.Datasets.Context;

/// <summary>
/// Streams one file from the archive into the build context through a reused buffer, hashing it and charging
/// every chunk to the budget as it goes, and insists the content is exactly as long as its header said.
/// </summary>
internal sealed class FileContentCopier(BuildContextTarWriter writer, ArchiveBudget budget, byte[] buffer)
{
    /// <summary>Copies <paramref name="declaredSize"/> bytes and returns their SHA-256 as lowercase hex.</summary>
    public async Task<string> CopyAsync(Stream source, string rawName, long declaredSize, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long remaining = declaredSize;
        while (remaining > 0)
        {
            int wanted = (int)Math.Min(buffer.Length, remaining);
            int read = await ReadAsync(source, buffer.AsMemory(0, wanted), rawName, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ArchiveRefusedException(new DatasetError(DatasetErrorCode.Truncated,
                    $"Entry '{EntryNameDisplay.Quote(rawName)}' ends after {declaredSize - remaining} of its {declaredSize} bytes: the archive is truncated.", rawName));
            }

            budget.AddContent(rawName, read);
            hash.AppendData(buffer, 0, read);
            await writer.WriteContentAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }

        // A zip entry may decompress to more than its declared length; a tar entry's stream stops exactly.
        if (await ReadAsync(source, buffer.AsMemory(0, 1), rawName, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new ArchiveRefusedException(new DatasetError(DatasetErrorCode.Corrupt,
                $"Entry '{EntryNameDisplay.Quote(rawName)}' holds more than the {declaredSize} bytes its header declares.", rawName));
        }

        await writer.EndFileAsync(declaredSize, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static ValueTask<int> ReadAsync(Stream source, Memory<byte> into, string rawName, CancellationToken cancellationToken) =>
        ArchiveFaults.GuardAsync(() => source.ReadAsync(into, cancellationToken), rawName);
}
