using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests;

public sealed class ArchiveFormatDetectorTests
{
    [Fact]
    public void A_gzip_stream_is_a_tar_gz_whatever_it_is_called()
    {
        Assert.Equal(ArchiveFormat.TarGzip, ArchiveFormatDetector.Detect(SampleDataset.TarGz()).Value);
    }

    [Fact]
    public void A_zip_is_a_zip_and_so_is_an_empty_one()
    {
        Assert.Equal(ArchiveFormat.Zip, ArchiveFormatDetector.Detect(SampleDataset.Zip()).Value);
        using var empty = new ZipBuilder();
        Assert.Equal(ArchiveFormat.Zip, ArchiveFormatDetector.Detect(empty.Build()).Value);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x1F })]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x07, 0 })]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 7, 8 })]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F' })]
    [InlineData(new byte[] { 0x42, 0x5A, 0x68, 0x39 })]
    public void Anything_else_is_not_an_archive(byte[] leading)
    {
        DatasetResult<ArchiveFormat> result = ArchiveFormatDetector.Detect(leading);

        Assert.Equal("archive.not_an_archive", result.Error?.Reason);
    }

    [Fact]
    public async Task Detecting_from_a_stream_leaves_its_position_where_it_was()
    {
        using var stream = new MemoryStream(SampleDataset.Zip());

        DatasetResult<ArchiveFormat> result = await ArchiveFormatDetector.DetectAsync(stream, CancellationToken.None);

        Assert.Equal(ArchiveFormat.Zip, result.Value);
        Assert.Equal(0, stream.Position);
    }
}
