using Microsoft.Net.Http.Headers;

namespace Sandbox.Orchestrator.Portal;

/// <summary>
/// Serves the portal: its built files, and <c>index.html</c> for every other page path so the single-page app can route
/// (a deep link or a reload of <c>/billing</c> works). It runs before authentication because the sign-in page itself is
/// here and the portal's files hold nothing secret; the API, the notebook proxy, the hub, the OpenAPI document and
/// health are never answered by it. Hashed assets are cached for a year, <c>index.html</c> is revalidated on every
/// load (so a new build is picked up at once).
/// </summary>
internal sealed class PortalMiddleware(RequestDelegate next, PortalFiles files)
{
    private const string NotBuiltText = """
        The Sandbox portal has not been built yet.

        Build it from the repository root:
            cd portal && npm ci && npm run build
        (./sandbox up does this for you), or set Sandbox__Portal__Root to a folder holding the built files.

        The API works meanwhile: /api/v1, described at /openapi/v1.json.

        """;

    private static readonly string[] ReservedPrefixes = ["/api", "/s", "/hubs", "/openapi", "/healthz"];

    // The portal loads only its own scripts and styles and talks only to its own origin (fetch, and the hub's WebSocket).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || context.GetEndpoint() is not null
            || ReservedPrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        if (!files.IsBuilt)
        {
            await NotBuiltAsync(context);
            return;
        }

        var relative = request.Path.Value?.TrimStart('/') ?? "";
        var acceptEncoding = request.GetTypedHeaders().AcceptEncoding;
        if (relative.Length > 0 && files.Find(relative, acceptEncoding) is { } file)
        {
            await SendAsync(context, file, IsHashedAsset(relative) ? CacheControl.Immutable : CacheControl.Revalidate, files.HasCompressedVariant(relative));
            return;
        }

        // A missing file (it has an extension) is a 404; any other path is a page of the app.
        if (Path.HasExtension(relative))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var index = files.Find("index.html", acceptEncoding);
        if (index is null)
        {
            await NotBuiltAsync(context);
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        await SendAsync(context, index, CacheControl.Revalidate, files.HasCompressedVariant("index.html"));
    }

    // Vite names built assets name-HASH.ext under assets/: a new build gives new names, so they never change in place.
    private static bool IsHashedAsset(string relative) => relative.StartsWith("assets/", StringComparison.Ordinal);

    private static async Task SendAsync(HttpContext context, PortalFile file, CacheControl cache, bool variesByEncoding)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.CacheControl = cache == CacheControl.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (variesByEncoding)
        {
            headers.Vary = HeaderNames.AcceptEncoding;
        }

        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Tag.Equals(file.ETag, StringComparison.Ordinal) || tag.Tag.Equals("*", StringComparison.Ordinal)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = file.ContentType;
        response.ContentLength = file.Length;
        if (file.ContentEncoding is not null)
        {
            headers.ContentEncoding = file.ContentEncoding;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await response.SendFileAsync(file.PhysicalPath, context.RequestAborted);
    }

    private static async Task NotBuiltAsync(HttpContext context)
    {
        // 503: the server works, this part of it is not there yet; a person reading it learns how to get it.
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.WriteAsync(NotBuiltText, context.RequestAborted);
        }
    }

    private enum CacheControl
    {
        Revalidate,
        Immutable,
    }
}
