using System.Collections.Concurrent;
using System.Net;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Telemetry;

/// <summary>
/// "An OpenTelemetry collector" as OTLP over HTTP sees it: accepts every POST (answering 200 with an empty protobuf
/// body, as a collector does) and keeps each one's path and body for the test to read. Listens on 127.0.0.1 only.
/// </summary>
internal sealed class OtlpHttpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public OtlpHttpCollector()
    {
        Port = OrchestratorProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    /// <summary>Every export received: its path (<c>/v1/traces</c>, <c>/v1/metrics</c>) and body.</summary>
    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private Task ServeAsync() => Infrastructure.HttpListenerLoop.ServeAsync(_listener, async context =>
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        Received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
    });
}
