using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>
/// How the real orchestrator serves the portal's files from Sandbox__Portal__Root: pages fall back to index.html,
/// hashed assets are cached for good, index.html is revalidated, pre-compressed variants go to clients that accept
/// them, the API and the other surfaces are never answered with the page, and an unbuilt portal explains itself.
/// </summary>
public sealed class PortalServingTests(PortalServingTests.ServedPortal portal) : IClassFixture<PortalServingTests.ServedPortal>
{
    private const string Index = "<!doctype html><title>portal under test</title><div id=root></div>";
    private const string Script = "console.log('the portal under test, long enough to be worth compressing');";

    private HttpClient Http => portal.Http;

    /// <summary>One orchestrator serving a made-up portal build from a temporary folder.</summary>
    public sealed class ServedPortal : IAsyncLifetime
    {
        public DirectoryInfo Root { get; } = Directory.CreateTempSubdirectory("sandbox-portal-root-");

        public OrchestratorProcess Orchestrator { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            File.WriteAllText(Path.Combine(Root.FullName, "index.html"), Index);
            Directory.CreateDirectory(Path.Combine(Root.FullName, "assets"));
            var script = Path.Combine(Root.FullName, "assets", "index-AbC123.js");
            File.WriteAllText(script, Script);
            File.WriteAllBytes(script + ".gz", Compress(Script, s => new GZipStream(s, CompressionLevel.SmallestSize)));
            File.WriteAllBytes(script + ".br", Compress(Script, s => new BrotliStream(s, CompressionLevel.SmallestSize)));
            File.WriteAllText(Path.Combine(Root.FullName, ".secret"), "not to be served");

            Orchestrator = new OrchestratorProcess(new Dictionary<string, string> { ["Sandbox__Portal__Root"] = Root.FullName });
            await Orchestrator.StartAsync();
            Http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = Orchestrator.BaseAddress };
        }

        public async Task DisposeAsync()
        {
            Http?.Dispose();
            if (Orchestrator is not null)
            {
                await Orchestrator.DisposeAsync();
            }

            Root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/billing")]
    [InlineData("/admin/members/m-1")]
    public async Task Pages_are_the_app_revalidated_on_every_load_with_a_strict_content_policy(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Index, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("default-src 'self'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task An_unchanged_page_answers_304_to_its_etag()
    {
        using var first = await Http.GetAsync("/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("br, gzip", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData(null, null)]
    public async Task Hashed_assets_are_cached_for_a_year_and_sent_precompressed_as_the_client_accepts(string? acceptEncoding, string? expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/assets/index-AbC123.js");
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl!.Extensions.Select(e => e.Name));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);

        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(Script, Decompress(body, expected));
    }

    [Theory]
    [InlineData("/assets/missing-123.js")]
    [InlineData("/.secret")]
    [InlineData("/..%2F..%2Fetc%2Fpasswd")]
    public async Task Missing_hidden_and_outside_files_are_not_served(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound || (response.StatusCode == HttpStatusCode.OK && body == Index),
            $"{path}: {(int)response.StatusCode} {body}");
        Assert.DoesNotContain("not to be served", body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/sessions", HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/no-such-route", HttpStatusCode.Unauthorized)]
    [InlineData("/s/nosuchsession/", HttpStatusCode.Unauthorized)]
    [InlineData("/hubs/nosuchhub", HttpStatusCode.Unauthorized)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    public async Task The_api_proxy_hub_health_and_openapi_are_never_answered_with_the_page(string path, HttpStatusCode expected)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain("portal under test", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_portal_that_is_not_built_answers_how_to_build_it_and_the_api_still_works()
    {
        var empty = Directory.CreateTempSubdirectory("sandbox-portal-empty-");
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string> { ["Sandbox__Portal__Root"] = empty.FullName });
        await orchestrator.StartAsync();
        using var http = new HttpClient { BaseAddress = orchestrator.BaseAddress };

        foreach (var path in new[] { "/", "/billing" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("npm ci && npm run build", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var signIn = await http.PostAsync("/api/v1/auth/token", new StringContent(
            $$"""{"email":"{{OrchestratorProcess.AdminEmail}}","password":"{{OrchestratorProcess.AdminPassword}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        empty.Delete(recursive: true);
    }

    private static byte[] Compress(string text, Func<Stream, Stream> compressor)
    {
        using var buffer = new MemoryStream();
        using (var stream = compressor(buffer))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static string Decompress(byte[] body, string? encoding)
    {
        using var input = new MemoryStream(body);
        using Stream stream = encoding switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            _ => input,
        };
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
