using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// The hostile archive corpus posted to the real orchestrator: each is refused with problem+json and its reason, and
/// leaves nothing behind: no catalog entry, no image in the orchestrator's dataset repository, no layout, no staging file.
/// The limits are lowered so the "total size" and "file count" bombs stay small.
/// </summary>
public sealed class DatasetHostileUploadTests(DatasetHostileUploadTests.SmallLimitsOrchestrator fixture) : IClassFixture<DatasetHostileUploadTests.SmallLimitsOrchestrator>
{
    private const long MaxUnpackedBytes = 8L * 1024 * 1024;
    private const int MaxFiles = 50;

    public static TheoryData<string> Cases => new(HostileCases.Keys);

    private static readonly Dictionary<string, (Func<byte[]> Archive, string FileName, string Reason)> HostileCases = new()
    {
        ["parent traversal"] = (() => TarGz(("ok.csv", "a"u8.ToArray()), ("../../etc/passwd", "x"u8.ToArray())), "d.tar.gz", "archive.path_traversal"),
        ["traversal inside a path"] = (() => TarGz(("data/../../out.csv", "x"u8.ToArray())), "d.tar.gz", "archive.path_traversal"),
        ["absolute path"] = (() => TarGz(("/etc/cron.d/evil", "x"u8.ToArray())), "d.tar.gz", "archive.absolute_path"),
        ["symlink out"] = (() => TarGzEntries(Link(TarEntryType.SymbolicLink, "passwd", "/etc/passwd")), "d.tar.gz", "archive.link"),
        ["hardlink out"] = (() => TarGzEntries(Link(TarEntryType.HardLink, "shadow", "/etc/shadow")), "d.tar.gz", "archive.link"),
        ["character device"] = (() => TarGzEntries(new PaxTarEntry(TarEntryType.CharacterDevice, "null")), "d.tar.gz", "archive.special_file"),
        ["fifo"] = (() => TarGzEntries(new PaxTarEntry(TarEntryType.Fifo, "pipe")), "d.tar.gz", "archive.special_file"),
        ["duplicate file"] = (() => TarGz(("data.csv", "1"u8.ToArray()), ("data.csv", "2"u8.ToArray())), "d.tar.gz", "archive.duplicate_entry"),
        ["names differing by case"] = (() => TarGz(("Data.csv", "1"u8.ToArray()), ("data.csv", "2"u8.ToArray())), "d.tar.gz", "archive.case_conflict"),
        ["non-UTF-8 name"] = (NonUtf8Tar, "d.tar.gz", "archive.non_utf8_name"),
        ["truncated gzip"] = (() => TarGz(("big.bin", Noise(200_000)))[..60_000], "d.tar.gz", "archive.truncated"),
        ["not an archive"] = (() => "just some text, not an archive"u8.ToArray(), "d.tar.gz", "archive.not_an_archive"),
        ["zip bomb by ratio"] = (() => Zip(("zeros.bin", new byte[6 * 1024 * 1024])), "d.zip", "archive.compression_ratio"),
        ["zip traversal"] = (() => Zip(("../evil.sh", "x"u8.ToArray())), "d.zip", "archive.path_traversal"),
        ["zip duplicate entries"] = (() => Zip(("a/b.csv", "1"u8.ToArray()), ("a/b.csv", "2"u8.ToArray())), "d.zip", "archive.duplicate_entry"),
        ["too large in total"] = (() => TarGz(("a.bin", Noise(5_000_000)), ("b.bin", Noise(5_000_001))), "d.tar.gz", "archive.too_large"),
        ["too many files"] = (() => TarGz(Enumerable.Range(0, MaxFiles + 1).Select(i => ($"f{i}.csv", "1"u8.ToArray())).ToArray()), "d.tar.gz", "archive.too_many_files"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_archive_is_refused_with_its_reason_and_leaves_nothing(string kind)
    {
        var (archive, fileName, reason) = HostileCases[kind];
        var name = "hostile-" + Guid.NewGuid().ToString("N")[..8];

        var response = await fixture.Admin.Http.PostAsync("/api/v1/datasets", Upload(name, "1", archive(), fileName));

        await AssertProblemAsync(response, 422, reason);
        await AssertNothingLeftAsync(name);
    }

    [Theory]
    [InlineData("Bad Name", "1", "dataset.invalid_name")]
    [InlineData("../etc", "1", "dataset.invalid_name")]
    [InlineData("x", "1", "dataset.invalid_name")]
    [InlineData("fine-name", "../1", "dataset.invalid_version")]
    [InlineData("fine-name", "", "dataset.invalid_version")]
    [InlineData("fine-name", "1 2", "dataset.invalid_version")]
    public async Task An_invalid_name_or_version_is_refused_and_leaves_nothing(string name, string version, string reason)
    {
        var response = await fixture.Admin.Http.PostAsync("/api/v1/datasets", Upload(name, version, TarGz(("a.csv", "x"u8.ToArray())), "d.tar.gz"));

        await AssertProblemAsync(response, 400, reason);
        await AssertNothingLeftAsync(name);
    }

    private async Task AssertNothingLeftAsync(string name)
    {
        var catalog = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets");
        Assert.DoesNotContain(catalog.EnumerateArray(), d => d.GetProperty("name").GetString() == name);
        Assert.Empty(await fixture.DatasetImagesAsync());
        var layouts = Path.Combine(fixture.Orchestrator.DataDir, "datasets", "images");
        Assert.False(Directory.Exists(layouts) && Directory.EnumerateFileSystemEntries(layouts).Any(),
            $"A layout was left: {string.Join(", ", Directory.Exists(layouts) ? Directory.EnumerateFileSystemEntries(layouts) : [])}");

        // Staging files are removed as the refusal is answered; allow the file system a moment.
        var staging = Path.Combine(fixture.Orchestrator.DataDir, "datasets", "staging");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Directory.Exists(staging) && Directory.EnumerateFileSystemEntries(staging).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100); // poll interval over the staging folder until it is empty or the deadline
        }

        Assert.False(Directory.Exists(staging) && Directory.EnumerateFileSystemEntries(staging).Any(),
            $"Staging is not empty: {string.Join(", ", Directory.Exists(staging) ? Directory.EnumerateFileSystemEntries(staging) : [])}");
    }

    private static MultipartFormDataContent Upload(string name, string version, byte[] archive, string fileName) => new()
    {
        { new StringContent(JsonSerializer.Serialize(new { name, version, title = "hostile" }), Encoding.UTF8, "application/json"), "metadata" },
        { new ByteArrayContent(archive), "archive", fileName },
    };

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} {reason}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(reason, JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());
    }

    private static byte[] TarGz(params (string Path, byte[] Content)[] files) =>
        TarGzEntries(files.Select(f => (TarEntry)new PaxTarEntry(TarEntryType.RegularFile, f.Path) { DataStream = new MemoryStream(f.Content) }).ToArray());

    private static byte[] TarGzEntries(params TarEntry[] entries) => Gzip(Tar(TarEntryFormat.Pax, entries));

    private static byte[] Tar(TarEntryFormat format, TarEntry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, format, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    private static byte[] Zip(params (string Path, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var entry = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    // "cafX.csv" in a ustar header with X replaced by 0xE9 (Latin-1 é, not UTF-8 on its own), checksum recomputed.
    private static byte[] NonUtf8Tar()
    {
        var tar = Tar(TarEntryFormat.Ustar, [new UstarTarEntry(TarEntryType.RegularFile, "cafX.csv") { DataStream = new MemoryStream("1"u8.ToArray()) }]);
        tar[3] = 0xE9;
        Array.Fill(tar, (byte)' ', 148, 8);
        var sum = tar.AsSpan(0, 512).ToArray().Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);
        return Gzip(tar);
    }

    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>An orchestrator with small archive limits, signed in as its admin.</summary>
    public sealed class SmallLimitsOrchestrator : IAsyncLifetime
    {
        public OrchestratorProcess Orchestrator { get; } = new(new Dictionary<string, string>
        {
            ["Sandbox__Datasets__MaxUnpackedBytes"] = MaxUnpackedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sandbox__Datasets__MaxFiles"] = MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        public SandboxApi Admin { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Orchestrator.StartAsync();
            Admin = await SandboxApi.SignInAsync(Orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        }

        /// <summary>Tags in the orchestrator's dataset image repository, as the engine lists them.</summary>
        public Task<IReadOnlyList<string>> DatasetImagesAsync() => DockerEngine.ImageTagsAsync($"sandbox-it-{Orchestrator.RunId}/");

        public async Task DisposeAsync()
        {
            Admin.Dispose();
            await Orchestrator.DisposeAsync();
        }
    }
}
