using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Sandbox.IntegrationTests;

/// <summary>
/// A registry on 127.0.0.1 that answers <c>GET /v2/</c> and takes blob uploads in, then loses them: the closing PUT of
/// every upload is answered 404 <c>BLOB_UPLOAD_UNKNOWN</c> after its body was read, as a registry whose storage dropped
/// the upload. Manifests it is sent are kept and served (HEAD/GET), so a test can ask it whether one was put. With
/// <see cref="HoldBlobs"/>, the first blob request waits until <see cref="Release"/>, and <see cref="BlobRequested"/>
/// says one arrived: a build held in its push, on a signal. Only Distribution's real registry serves images to the
/// engine; this one exists to fail in a known way.
/// </summary>
internal sealed partial class BlobLosingRegistry : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly ConcurrentDictionary<string, byte[]> _manifests = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _blobRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BlobLosingRegistry()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        }

        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Its base address.</summary>
    public Uri Url { get; }

    /// <summary>Whether blob requests wait for <see cref="Release"/>. Default false.</summary>
    public bool HoldBlobs { get; init; }

    /// <summary>Completes when the first blob request arrives.</summary>
    public Task BlobRequested => _blobRequested.Task;

    /// <summary>How many blob uploads were closed (and lost).</summary>
    public int LostUploads => _lostUploads;

    private int _lostUploads;

    /// <summary>Lets held blob requests go on.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Whether a manifest was put under <paramref name="digest"/> in <paramref name="repository"/>.</summary>
    public bool WasManifestPut(string repository, string digest) => _manifests.ContainsKey($"{repository}@{digest}");

    private Task ServeAsync() => Infrastructure.HttpListenerLoop.ServeAsync(_listener, AnswerAsync, concurrently: true);

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var response = context.Response;
        try
        {
            var path = request.Url!.AbsolutePath;
            if (path == "/v2/")
            {
                await RespondAsync(response, 200, "{}");
                return;
            }

            if (BlobPath().Match(path) is { Success: true })
            {
                _blobRequested.TrySetResult();
                if (HoldBlobs)
                {
                    await _released.Task;
                }

                await AnswerBlobAsync(request, response, path);
                return;
            }

            if (ManifestPath().Match(path) is { Success: true } manifest)
            {
                await AnswerManifestAsync(request, response, $"{manifest.Groups["repository"].Value}@{manifest.Groups["reference"].Value}");
                return;
            }

            await RespondAsync(response, 404, Error("NAME_UNKNOWN", "no such route"));
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    private async Task AnswerBlobAsync(HttpListenerRequest request, HttpListenerResponse response, string path)
    {
        if (request.HttpMethod == "HEAD")
        {
            await RespondAsync(response, 404, null);
        }
        else if (request.HttpMethod == "POST" && path.EndsWith("/blobs/uploads/", StringComparison.Ordinal))
        {
            response.AddHeader("Location", $"{path}{Guid.NewGuid():N}");
            await RespondAsync(response, 202, null);
        }
        else if (request.HttpMethod is "PUT" or "PATCH")
        {
            // The content is read in full (the client is not cut off mid-body), then the upload is lost.
            await request.InputStream.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref _lostUploads);
            await RespondAsync(response, 404, Error("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry"));
        }
        else
        {
            await RespondAsync(response, 405, Error("UNSUPPORTED", "not supported here"));
        }
    }

    private async Task AnswerManifestAsync(HttpListenerRequest request, HttpListenerResponse response, string key)
    {
        switch (request.HttpMethod)
        {
            case "PUT":
                using (var body = new MemoryStream())
                {
                    await request.InputStream.CopyToAsync(body);
                    _manifests[key] = body.ToArray();
                }

                await RespondAsync(response, 201, null);
                break;
            case "HEAD" or "GET" when _manifests.TryGetValue(key, out var stored):
                response.ContentType = "application/vnd.oci.image.manifest.v1+json";
                await RespondAsync(response, 200, request.HttpMethod == "GET" ? Encoding.UTF8.GetString(stored) : null);
                break;
            case "DELETE":
                await RespondAsync(response, _manifests.TryRemove(key, out _) ? 202 : 404, null);
                break;
            default:
                await RespondAsync(response, 404, request.HttpMethod == "HEAD" ? null : Error("MANIFEST_UNKNOWN", "manifest unknown"));
                break;
        }
    }

    private static string Error(string code, string message) => $$"""{"errors":[{"code":"{{code}}","message":"{{message}}"}]}""";

    private static async Task RespondAsync(HttpListenerResponse response, int status, string? body)
    {
        // One request per connection: HttpListener leaves a kept-alive connection unusable after a HEAD answer.
        response.KeepAlive = false;
        response.StatusCode = status;
        if (body is null)
        {
            response.ContentLength64 = 0;
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentType ??= "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }

    [GeneratedRegex("^/v2/(?<repository>.+)/blobs/")]
    private static partial Regex BlobPath();

    [GeneratedRegex("^/v2/(?<repository>.+)/manifests/(?<reference>[^/]+)$")]
    private static partial Regex ManifestPath();

    public async ValueTask DisposeAsync()
    {
        Release();
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
