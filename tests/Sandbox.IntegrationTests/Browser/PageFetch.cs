using System.Text.Json;
using Sandbox.Testing.Browser;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>Requests made by the page's own script, as the portal makes them: the browser decides which cookies go along.</summary>
internal static class PageFetch
{
    public static async Task<PageResponse> FetchAsync(this BrowserPage page, string method, string path, object? json = null, string? antiforgeryToken = null)
    {
        // Every value goes into the script as a JSON literal, which is also a valid JavaScript literal.
        var body = json is null ? "null" : JsonSerializer.Serialize(JsonSerializer.Serialize(json));
        var script = $$"""
            (async () => {
              const headers = {};
              const body = {{body}};
              const token = {{JsonSerializer.Serialize(antiforgeryToken)}};
              if (body !== null) headers['Content-Type'] = 'application/json';
              if (token !== null) headers['X-CSRF-TOKEN'] = token;
              const response = await fetch({{JsonSerializer.Serialize(path)}}, { method: {{JsonSerializer.Serialize(method)}}, headers, body, credentials: 'same-origin' });
              return { status: response.status, body: await response.text() };
            })()
            """;
        var result = await page.EvaluateAsync(script);
        return new PageResponse(result.GetProperty("status").GetInt32(), result.GetProperty("body").GetString()!);
    }
}
