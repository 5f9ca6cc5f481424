using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sandbox.Datasets;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Datasets;

/// <summary>
/// Which data images are loaded again from their layouts before a start: only those the runtime lacks, not pinned by
/// digest, with no registry configured, and with a layout on disk (a real one, written by the layout writer).
/// </summary>
public sealed class DatasetImageRestoreTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sandbox-restore-").FullName;
    private readonly LosingRuntime _runtime = new();
    private readonly RecordingLoader _loader = new();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task A_lost_image_with_a_layout_is_loaded_again_and_mounted_by_the_layouts_config_digest()
    {
        var layout = await WriteLayoutAsync("shops", "1");
        var lost = new DatasetMount("shops", "1", "sandbox-data/shops:1", "/data/shops") { Digest = "sha256:" + new string('a', 64) };
        var progress = new List<RuntimeProgress>();

        var mounts = await Restore().RestoreMissingAsync([lost], new ListProgress(progress), CancellationToken.None);

        var (files, reference) = Assert.Single(_loader.Loads);
        Assert.Equal((layout.Folder, layout.Config.Digest, "sandbox-data/shops:1"), (files.LayoutFolder, files.ConfigDigest, reference));
        Assert.Equal(lost with { Digest = layout.Config.Digest }, Assert.Single(mounts));
        Assert.Equal("Restoring the data of dataset shops version 1", Assert.Single(progress).Message);
    }

    [Fact]
    public async Task Images_the_runtime_holds_pinned_ones_and_those_without_a_layout_are_left_as_they_are()
    {
        await WriteLayoutAsync("kept", "1");
        await WriteLayoutAsync("pinned", "1");
        _runtime.Holds.Add("sandbox-data/kept:1");
        DatasetMount[] datasets =
        [
            new("kept", "1", "sandbox-data/kept:1", "/data/kept"),
            new("pinned", "1", "127.0.0.1:5000/sandbox-data/pinned@sha256:" + new string('b', 64), "/data/pinned"),
            new("nolayout", "1", "sandbox-data/nolayout:1", "/data/nolayout"),
        ];

        var mounts = await Restore().RestoreMissingAsync(datasets, new ListProgress([]), CancellationToken.None);

        Assert.Empty(_loader.Loads);
        Assert.Equal(datasets, mounts);
    }

    [Fact]
    public async Task With_a_registry_nothing_is_loaded_and_the_runtime_gets_the_registrys_credentials()
    {
        await WriteLayoutAsync("shops", "1");
        var registry = new RegistryOptions { Url = new Uri("http://127.0.0.1:5000"), Username = "reader", Password = "secret" };
        var restore = Restore(registry);

        await restore.RestoreMissingAsync([new DatasetMount("shops", "1", "sandbox-data/shops:1", "/data/shops")], new ListProgress([]), CancellationToken.None);

        Assert.Empty(_loader.Loads);
        Assert.Equal(new RegistryCredentials("127.0.0.1:5000", "reader", "secret"), restore.Credentials);
        Assert.Null(Restore().Credentials);
    }

    private DatasetImageRestore Restore(RegistryOptions? registry = null) =>
        new(_runtime, _loader, new DatasetLayouts(_dataDir), Options.Create(registry ?? new RegistryOptions()), NullLogger<DatasetImageRestore>.Instance);

    private async Task<DataImageLayout> WriteLayoutAsync(string name, string version)
    {
        var archive = Path.Combine(_dataDir, $"{name}.upload");
        var context = Path.Combine(_dataDir, $"{name}.context");
        await File.WriteAllBytesAsync(archive, TarGz("shops.csv", $"shop\n{name}\n"));
        var staged = await DatasetBuildContextFile.WriteAsync(
            new DatasetBuildContextWriter(new DatasetArchiveLimits()), DatasetName.Parse(name).Value!, DatasetVersion.Parse(version).Value!, archive, context, CancellationToken.None);
        Assert.True(staged.IsSuccess, staged.Error?.Message);
        return await new DataImageLayoutWriter().WriteAsync(
            staged.Value, new DataImageDescription(null, null, null), context, new DatasetLayouts(_dataDir).FolderFor(name, version), CancellationToken.None);
    }

    private static byte[] TarGz(string path, string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) });
        }

        return output.ToArray();
    }

    /// <summary>A runtime that holds only the images in <see cref="Holds"/>.</summary>
    private sealed class LosingRuntime : InMemoryRuntime
    {
        public HashSet<string> Holds { get; } = [];

        public override Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => Task.FromResult(Holds.Contains(image));
    }

    /// <summary>Records loads; the runtime's id of a loaded image is its config's digest.</summary>
    private sealed class RecordingLoader : IDataImageLoader
    {
        public List<(DataImageFiles Files, string Reference)> Loads { get; } = [];

        public Task<string> LoadAsync(DataImageFiles image, string reference, CancellationToken cancellationToken)
        {
            Loads.Add((image, reference));
            return Task.FromResult(image.ConfigDigest);
        }

        public Task<string> PullAsync(string reference, RegistryCredentials? credentials, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The restore never pulls: the runtime does.");

        public Task<Stream> ExportAsync(string reference, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The restore never exports.");
    }

    /// <summary>Collects progress on the caller's thread.</summary>
    private sealed class ListProgress(List<RuntimeProgress> reports) : IProgress<RuntimeProgress>
    {
        public void Report(RuntimeProgress value) => reports.Add(value);
    }
}
