using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Benchmarks.Proxy;

/// <summary>A stand-in for Jupyter's GET /api/status: checks the token, answers a small fixed JSON.</summary>
internal static class StatusNotebook
{
    private static readonly byte[] Status =
        """{"started":"2026-01-01T00:00:00.000000Z","last_activity":"2026-01-01T00:00:00.000000Z","connections":0,"kernels":0}"""u8.ToArray();

    public static async Task<(WebApplication App, Uri Address)> StartAsync(string basePath, string token, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var expected = $"token {token}";
        app.MapGet(basePath + "api/status", (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization != expected)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Status.Length;
            return context.Response.Body.WriteAsync(Status).AsTask();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new Uri(address));
    }
}
