using System.Text.Json;
using Microsoft.Playwright;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>Requests made by the page's own script, as the portal makes them: the browser decides which cookies go along.</summary>
internal static class PageFetch
{
    private const string Script = """
        async ({ method, path, body, token }) => {
          const headers = {};
          if (body !== null) headers['Content-Type'] = 'application/json';
          if (token !== null) headers['X-CSRF-TOKEN'] = token;
          const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
          return { status: response.status, body: await response.text() };
        }
        """;

    public static async Task<PageResponse> FetchAsync(this IPage page, string method, string path, object? json = null, string? antiforgeryToken = null)
    {
        var body = json is null ? null : JsonSerializer.Serialize(json);
        var result = await page.EvaluateAsync<JsonElement>(Script, new { method, path, body, token = antiforgeryToken });
        return new PageResponse(result.GetProperty("status").GetInt32(), result.GetProperty("body").GetString()!);
    }
}
