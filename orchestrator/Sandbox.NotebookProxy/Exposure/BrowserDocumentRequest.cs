using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy.Exposure;

/// <summary>
/// Recognises a request a browser makes to show a document (a page, a frame, an embedded object) from the Fetch Metadata
/// headers every current browser sends. Such a request is how notebook content would come to run as the API's origin;
/// scripts (curl, Python, the portal's fetch calls) never make one.
/// </summary>
internal static class BrowserDocumentRequest
{
    public static bool Is(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.TryGetValue("Sec-Fetch-Mode", out var mode) && Contains(mode, "navigate"))
        {
            return true;
        }

        if (!headers.TryGetValue("Sec-Fetch-Dest", out var destination))
        {
            return false;
        }

        foreach (var value in destination)
        {
            var trimmed = value.AsSpan().Trim();
            if (trimmed.Equals("document", StringComparison.OrdinalIgnoreCase)
                || trimmed.Equals("iframe", StringComparison.OrdinalIgnoreCase)
                || trimmed.Equals("frame", StringComparison.OrdinalIgnoreCase)
                || trimmed.Equals("embed", StringComparison.OrdinalIgnoreCase)
                || trimmed.Equals("object", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(Microsoft.Extensions.Primitives.StringValues values, string token)
    {
        foreach (var value in values)
        {
            if (value.AsSpan().Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
