using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sandbox.Testing;

/// <summary>A signed-in client of the orchestrator's HTTP API.</summary>
public sealed class SandboxApi : IDisposable
{
    private SandboxApi(HttpClient http, string token)
    {
        Http = http;
        Token = token;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public HttpClient Http { get; }

    /// <summary>The same caller (same bearer token) talking to another orchestrator replica at <paramref name="baseAddress"/>.</summary>
    public SandboxApi On(Uri baseAddress) =>
        new(new HttpClient { BaseAddress = baseAddress, Timeout = Http.Timeout }, Token);

    public string Token { get; }

    public static Task<SandboxApi> SignInAsync(Uri baseAddress, string email, string password) =>
        SignInAsync(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) }, email, password);

    /// <summary>Signs in over <paramref name="http"/> (a client of a load balancer, say), which the API then keeps using and disposes.</summary>
    public static async Task<SandboxApi> SignInAsync(HttpClient http, string email, string password)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        await EnsureAsync(response, HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        return new SandboxApi(http, token);
    }

    /// <summary>Creates a member (as admin) and signs in as them.</summary>
    public async Task<(SandboxApi Api, string Id)> CreateMemberAsync(string name, string tier = "member", params string[] roles)
    {
        var email = $"{name}-{Guid.NewGuid():N}@sandbox.test";
        var response = await Http.PostAsJsonAsync("/api/v1/members",
            new { email, password = "member-password-1", displayName = name, tier, roles });
        await EnsureAsync(response, HttpStatusCode.Created);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (await SignInAsync(Http.BaseAddress!, email, "member-password-1"), id);
    }

    public async Task<JsonElement> LaunchAsync(string profile = "python", string size = "small", params string[] datasets)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/sessions", new { profile, size, datasets });
        await EnsureAsync(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetSessionAsync(string id) =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}");

    /// <summary>Polls a session until it reaches one of <paramref name="states"/>.</summary>
    public async Task<JsonElement> WaitForStateAsync(string id, TimeSpan timeout, params string[] states)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement session;
        do
        {
            session = await GetSessionAsync(id);
            if (states.Contains(session.GetProperty("state").GetString()))
            {
                return session;
            }

            await Task.Delay(100); // poll interval over the session until it reaches a state asked for or the deadline
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Session {id} is still {session.GetProperty("state")} ({session}), expected {string.Join("/", states)}.");
    }

    /// <summary>Publishes a dataset (as admin) from files and waits until it is published.</summary>
    public async Task PublishDatasetAsync(string name, string version, IReadOnlyDictionary<string, string> files)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { name, version, title = $"Test dataset {name}" }), Encoding.UTF8, "application/json"), "metadata" },
            { new ByteArrayContent(TarGz(files)), "archive", $"{name}.tar.gz" },
        };
        var response = await Http.PostAsync("/api/v1/datasets", content);
        await EnsureAsync(response, HttpStatusCode.Accepted);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var dataset = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}");
            var status = dataset.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == version).GetProperty("status").GetString();
            if (status == "published")
            {
                return;
            }

            if (status == "failed")
            {
                throw new InvalidOperationException($"Dataset {name}@{version} failed to publish: {dataset}");
            }

            await Task.Delay(200); // poll interval over the catalog until the version is published (or failed) or the deadline
        }

        throw new TimeoutException($"Dataset {name}@{version} was not published in time.");
    }

    public static byte[] TarGz(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (path, text) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        return buffer.ToArray();
    }

    public void Dispose() => Http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException($"Expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
