using System.Formats.Tar;

namespace Sandbox.Datasets.Tests.Corpus;

/// <summary>Runs the writer over archive bytes and keeps what it wrote.</summary>
internal static class Conversion
{
    public static readonly DatasetName Name = DatasetName.Parse("city-shops").Value!;
    public static readonly DatasetVersion Version = DatasetVersion.Parse("2026.11").Value!;

    public static async Task<(DatasetResult<DatasetManifest> Result, byte[] Context)> RunAsync(byte[] archive, DatasetArchiveLimits? limits = null)
    {
        var writer = new DatasetBuildContextWriter(limits ?? new DatasetArchiveLimits());
        using var context = new MemoryStream();
        DatasetResult<DatasetManifest> result = await writer.WriteAsync(Name, Version, new MemoryStream(archive), context, CancellationToken.None);
        return (result, context.ToArray());
    }

    public static async Task<DatasetManifest> SucceedAsync(byte[] archive, DatasetArchiveLimits? limits = null)
    {
        (DatasetResult<DatasetManifest> result, _) = await RunAsync(archive, limits);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public static async Task<DatasetError> RefuseAsync(byte[] archive, DatasetArchiveLimits? limits = null)
    {
        (DatasetResult<DatasetManifest> result, _) = await RunAsync(archive, limits);
        Assert.False(result.IsSuccess, "the archive was accepted");
        return result.Error;
    }

    /// <summary>The entries of a build context, read back with the framework's tar reader.</summary>
    public static List<(TarEntry Entry, byte[] Content)> ReadContext(byte[] context)
    {
        var entries = new List<(TarEntry, byte[])>();
        using var reader = new TarReader(new MemoryStream(context));
        while (reader.GetNextEntry(copyData: true) is TarEntry entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries.Add((entry, content.ToArray()));
        }

        return entries;
    }
}
