using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Datasets.Context;

/// <summary>The digest of a dataset's content as defined on <see cref="DatasetManifest.ContentDigest"/>.</summary>
internal static class ContentDigest
{
    /// <param name="sortedFiles">The files, already sorted by path (ordinal).</param>
    public static string Compute(IReadOnlyList<DatasetFile> sortedFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (DatasetFile file in sortedFiles)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{file.Sha256} {file.Size} {file.Path}\n")));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
