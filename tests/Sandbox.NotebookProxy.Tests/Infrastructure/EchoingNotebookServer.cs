using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, port 0) standing in for a Jupyter notebook served under /s/{id}/: it
/// insists on the notebook token like Jupyter does, echoes what it received, streams large bodies, waits when told to,
/// and speaks WebSocket (echo with subprotocol, header report, server-initiated close).
/// </summary>
internal sealed class EchoingNotebookServer : IAsyncDisposable
{
    public const string Token = "test-token";
    public const int GatedChunkBytes = 1024 * 1024;

    private static readonly byte[] Chunk = CreateChunk();
    private readonly WebApplication _app;

    private EchoingNotebookServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Released by a test once it received the first part of /gated-download through the proxy.</summary>
    public TaskCompletionSource DownloadGate { get; private set; } = NewSignal();

    /// <summary>Set when /gated-upload received its first bytes; the test sends the rest only then.</summary>
    public TaskCompletionSource UploadStarted { get; private set; } = NewSignal();

    public void ResetSignals()
    {
        DownloadGate = NewSignal();
        UploadStarted = NewSignal();
    }

    public static async Task<EchoingNotebookServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        EchoingNotebookServer? server = null;
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            // Jupyter answers 403 without its token; so does this stand-in, which proves the proxy injected it.
            if (context.Request.Headers.Authorization != $"token {Token}")
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("missing or wrong token");
                return;
            }

            await next(context);
        });

        app.Map("/s/{id}/echo/{**rest}", EchoAsync);
        app.MapGet("/s/{id}/large", LargeAsync);
        app.MapGet("/s/{id}/gated-download", context => server!.GatedDownloadAsync(context));
        app.MapPost("/s/{id}/gated-upload", context => server!.GatedUploadAsync(context));
        app.MapGet("/s/{id}/delay", DelayAsync);
        app.MapGet("/s/{id}/hang-body", HangBodyAsync);
        app.MapGet("/s/{id}/redirect", context =>
        {
            context.Response.Redirect("/elsewhere");
            return Task.CompletedTask;
        });
        app.MapGet("/s/{id}/cookies", context =>
        {
            context.Response.Headers.SetCookie = new(["a=1; Path=/s/", "b=2; Path=/s/"]);
            return Task.CompletedTask;
        });
        app.MapGet("/s/{id}/browser-headers", BrowserHeadersAsync);
        app.Map("/s/{id}/ws/echo", EchoWebSocketAsync);
        app.Map("/s/{id}/ws/slow-handshake", SlowHandshakeAsync);
        app.Map("/s/{id}/ws/headers", HeadersWebSocketAsync);
        app.Map("/s/{id}/ws/close/{code:int}", CloseWebSocketAsync);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new EchoingNotebookServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static byte[] CreateChunk()
    {
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (byte)(i % 251);
        }

        return chunk;
    }

    private static async Task EchoAsync(HttpContext context)
    {
        long bodyLength = 0;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
        {
            bodyLength += read;
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var response = context.Response;
        response.Headers["X-Upstream-Kept"] = "yes";
        await response.WriteAsJsonAsync(new EchoedRequest(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            headers,
            bodyLength));
    }

    private static async Task LargeAsync(HttpContext context)
    {
        var total = long.Parse(context.Request.Query["bytes"]!, System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentLength = total;
        for (long sent = 0; sent < total; sent += Chunk.Length)
        {
            var count = (int)Math.Min(Chunk.Length, total - sent);
            await context.Response.Body.WriteAsync(Chunk.AsMemory(0, count), context.RequestAborted);
        }
    }

    private async Task GatedDownloadAsync(HttpContext context)
    {
        for (var sent = 0; sent < GatedChunkBytes; sent += Chunk.Length)
        {
            await context.Response.Body.WriteAsync(Chunk, context.RequestAborted);
        }

        await context.Response.Body.FlushAsync(context.RequestAborted);
        await DownloadGate.Task.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted);
        for (var sent = 0; sent < GatedChunkBytes; sent += Chunk.Length)
        {
            await context.Response.Body.WriteAsync(Chunk, context.RequestAborted);
        }
    }

    private async Task GatedUploadAsync(HttpContext context)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            total += read;
            UploadStarted.TrySetResult();
        }

        await context.Response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task DelayAsync(HttpContext context)
    {
        var milliseconds = int.Parse(context.Request.Query["ms"]!, System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(milliseconds, context.RequestAborted); // the delay is the behaviour under test (a slow notebook); it ends early if the caller goes away
        await context.Response.WriteAsync("late");
    }

    private static async Task HangBodyAsync(HttpContext context)
    {
        await context.Response.WriteAsync("first", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Task.Delay(Timeout.Infinite, context.RequestAborted); // hangs until the proxy gives up: the abort is the signal
    }

    /// <summary>Headers a hostile notebook could send to act on the browser beyond its own response.</summary>
    public static readonly string[] HostileSetCookies =
    [
        "tossed=1; Domain=example.test; Path=/",
        "__Host-sandbox.nb=forged; Path=/; Secure",
        "sandbox.nb=forged; Path=/",
        "kept=1; Path=/s/; HttpOnly",
    ];

    private static Task BrowserHeadersAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.SetCookie = HostileSetCookies;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowCredentials = "true";
        headers["Clear-Site-Data"] = "\"cookies\"";
        headers.ContentSecurityPolicy = "default-src 'self'";
        headers["Service-Worker-Allowed"] = "/";
        headers["Refresh"] = "0; url=https://evil.example/";
        headers.Link = "<https://evil.example/x.js>; rel=preload; as=script";
        headers["X-Notebook-Own"] = "kept";
        return context.Response.WriteAsync("<html>notebook</html>");
    }

    private static async Task SlowHandshakeAsync(HttpContext context)
    {
        await Task.Delay(Timeout.Infinite, context.RequestAborted); // hangs until the proxy gives up: the abort is the signal
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(requested.Count > 0 ? requested[0] : null);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(socket.CloseStatus!.Value, socket.CloseStatusDescription, CancellationToken.None);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, CancellationToken.None);
        }
    }

    private static async Task HeadersWebSocketAsync(HttpContext context)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(headers), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        if (received.MessageType == WebSocketMessageType.Close)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    private static async Task CloseWebSocketAsync(HttpContext context, int code)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await socket.CloseOutputAsync((WebSocketCloseStatus)code, "notebook says bye", CancellationToken.None);
        var buffer = new byte[1024];
        while (socket.State == WebSocketState.CloseSent)
        {
            await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        }
    }

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
