using System.Formats.Tar;
using System.Text;
using Sandbox.Datasets.Oci;
using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests.Oci;

public sealed class EngineImageArchiveTests
{
    [Fact]
    public async Task The_files_of_an_engine_built_image_give_back_the_manifest_of_the_upload_they_came_from()
    {
        // An export as the engine writes it: a layer.tar per layer (with the legacy builder's folders and owners), the
        // config and manifest.json beside them.
        using var layer = new MemoryStream();
        using (var tar = new TarWriter(layer, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "data/"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "data/city-shops/"));
            foreach ((string path, byte[] content) in SampleDataset.Files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "data/city-shops/" + path) { DataStream = new MemoryStream(content), Uid = 1000 });
            }

            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "data/other/not-this.csv") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        using var export = new MemoryStream();
        using (var tar = new TarWriter(export, TarEntryFormat.Ustar, leaveOpen: true))
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "0123abcd/"));
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "0123abcd/VERSION") { DataStream = new MemoryStream("1.0"u8.ToArray()) });
            layer.Position = 0;
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "0123abcd/layer.tar") { DataStream = layer });
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("[]")) });
        }

        export.Position = 0;
        using var archive = new MemoryStream();
        int copied = await EngineImageArchive.ExtractDatasetAsync(export, "city-shops", archive, CancellationToken.None);

        Assert.Equal(SampleDataset.Files.Count, copied);
        DatasetManifest fromImage = await Conversion.SucceedAsync(archive.ToArray());
        DatasetManifest fromUpload = await Conversion.SucceedAsync(SampleDataset.Zip());
        Assert.Equal(fromUpload.ContentDigest, fromImage.ContentDigest);
    }
}
