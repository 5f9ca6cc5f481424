using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>Previewing a published dataset through the real orchestrator: files and first CSV rows, read from its image's layout, no notebook, no container.</summary>
public sealed class DatasetPreviewTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task An_analyst_previews_files_and_csv_rows_without_a_notebook_and_nothing_is_left_running()
    {
        // 20 rows shown of 31, with quoting, an embedded newline and Korean text.
        var csv = new StringBuilder("상점,구,\"메모, 따옴표\"\r\n");
        csv.Append("가게,중구,\"two\nlines \"\"quoted\"\"\"\r\n");
        for (var i = 0; i < 29; i++)
        {
            csv.Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"shop{i},district{i},{i}\r\n"));
        }

        var admin = fixture.Admin;
        await admin.PublishDatasetAsync("preview-mixed", "2026-01", new Dictionary<string, string>
        {
            ["notes.txt"] = "not a table\n",
            ["tables/sales.csv"] = csv.ToString(),
        });
        var (analyst, _) = await admin.CreateMemberAsync("preview-analyst");

        var response = await analyst.Http.GetAsync("/api/v1/datasets/preview-mixed/versions/2026-01/preview");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("preview-mixed", preview.GetProperty("name").GetString());
        var files = preview.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal(["notes.txt", "tables/sales.csv"], files.Keys.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(Encoding.UTF8.GetByteCount(csv.ToString()), files["tables/sales.csv"].GetProperty("size").GetInt64());
        Assert.Equal(64, files["notes.txt"].GetProperty("sha256").GetString()!.Length);

        var table = Assert.Single(preview.GetProperty("csv").EnumerateArray());
        Assert.Equal("tables/sales.csv", table.GetProperty("path").GetString());
        Assert.True(table.GetProperty("truncated").GetBoolean());
        var rows = table.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(f => f.GetString()!).ToList()).ToList();
        Assert.Equal(20, rows.Count);
        Assert.Equal(["상점", "구", "메모, 따옴표"], rows[0]);
        Assert.Equal(["가게", "중구", "two\nlines \"quoted\""], rows[1]);
        Assert.Equal(["shop17", "district17", "17"], rows[19]);

        // Nothing was started or created to read it.
        Assert.Empty(await DockerEngine.ContainersAsync($"{fixture.Orchestrator.LabelPrefix}managed=true"));
        Assert.Empty(await DockerEngine.ContainersAsync($"{fixture.Orchestrator.LabelPrefix}data=true"));
    }

    [Fact]
    public async Task A_small_csv_without_a_final_newline_is_shown_whole()
    {
        await fixture.Admin.PublishDatasetAsync("preview-small", "1", new Dictionary<string, string> { ["a.csv"] = "x,y\n1,2" });

        var preview = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/preview-small/versions/1/preview");

        var table = Assert.Single(preview.GetProperty("csv").EnumerateArray());
        Assert.False(table.GetProperty("truncated").GetBoolean());
        Assert.Equal("""[["x","y"],["1","2"]]""", table.GetProperty("rows").GetRawText().Replace(" ", "", StringComparison.Ordinal).ReplaceLineEndings(""));
    }

    [Fact]
    public async Task A_preview_is_read_from_the_layout_once_then_served_from_memory()
    {
        await fixture.Admin.PublishDatasetAsync("preview-once", "1", new Dictionary<string, string> { ["a.csv"] = "k,v\n1,one\n" });
        var first = await fixture.Admin.Http.GetStringAsync("/api/v1/datasets/preview-once/versions/1/preview");

        // With the layout gone it can no longer be read: the same answer proves it was not read again.
        RemoveLayout("preview-once", "1");
        var second = await fixture.Admin.Http.GetStringAsync("/api/v1/datasets/preview-once/versions/1/preview");

        Assert.Equal(first, second);
        Assert.Contains("one", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_whose_layout_is_gone_is_503_dataset_image_missing()
    {
        await fixture.Admin.PublishDatasetAsync("preview-gone", "1", new Dictionary<string, string> { ["a.csv"] = "k\n1\n" });
        RemoveLayout("preview-gone", "1");

        var response = await fixture.Admin.Http.GetAsync("/api/v1/datasets/preview-gone/versions/1/preview");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("dataset.image_missing", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_version_still_building_is_409_dataset_not_published()
    {
        // Builds run one at a time: a large publish first keeps the small one queued as building.
        var random = new Random(7);
        var large = string.Concat(Enumerable.Range(0, 40).Select(_ => Convert.ToBase64String(RandomBytes(random, 512 * 1024))));
        var largeTask = fixture.Admin.PublishDatasetAsync("preview-large", "1", new Dictionary<string, string> { ["big.csv"] = large });
        await WaitForStatusAsync("preview-large", "1", "building");
        await PostPublishAsync("preview-queued", "1", "a.csv", "k\n1\n");

        var response = await fixture.Admin.Http.GetAsync("/api/v1/datasets/preview-queued/versions/1/preview");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("dataset.not_published", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        await largeTask;
    }

    [Theory]
    [InlineData("/api/v1/datasets/nope/versions/1/preview")]
    [InlineData("/api/v1/datasets/shops/versions/9/preview")]
    public async Task An_unknown_dataset_or_version_is_not_found(string path)
    {
        var response = await fixture.Admin.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("dataset.not_found", problem.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Anonymous_callers_cannot_preview()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Orchestrator.BaseAddress };

        var response = await anonymous.GetAsync("/api/v1/datasets/shops/versions/1/preview");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private void RemoveLayout(string name, string version)
    {
        var layout = Path.Combine(fixture.Orchestrator.DataDir, "datasets", "images", name, version);
        Assert.True(File.Exists(Path.Combine(layout, "index.json")), $"no layout at {layout}");
        Directory.Delete(layout, recursive: true);
    }

    private async Task WaitForStatusAsync(string name, string version, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var response = await fixture.Admin.Http.GetAsync($"/api/v1/datasets/{name}");
            if (response.IsSuccessStatusCode)
            {
                var dataset = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (dataset.GetProperty("versions").EnumerateArray().Any(v => v.GetProperty("version").GetString() == version && v.GetProperty("status").GetString() == status))
                {
                    return;
                }
            }

            await Task.Delay(25); // poll interval over the catalog (it announces no status change to a test): short, as "building" may be brief
        }

        throw new TimeoutException($"{name}@{version} did not become {status} within 30 s.");
    }

    private async Task PostPublishAsync(string name, string version, string file, string text)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { name, version, title = "queued" }), Encoding.UTF8, "application/json"), "metadata" },
            { new ByteArrayContent(SandboxApi.TarGz(new Dictionary<string, string> { [file] = text })), "archive", $"{name}.tar.gz" },
        };
        var response = await fixture.Admin.Http.PostAsync("/api/v1/datasets", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
