// Why this client exists: the usual .NET Docker client (Docker.DotNet) is not served by the package mirror
// this project builds from, so Sandbox talks to the Engine REST API (v1.41) itself. This is the narrowest
// typed client that does the job: only the endpoints and fields the Docker adapter uses, over the engine's
// unix socket, with every error answer turned into a DockerEngineException carrying its status code.
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sandbox.Runtime.Docker.Engine.Models;

namespace Sandbox.Runtime.Docker.Engine;

/// <summary>A typed client of the Docker Engine API, version 1.41, over its unix socket.</summary>
internal sealed class DockerEngineClient : IDisposable
{
    /// <summary>The API version every path is prefixed with; Docker 20.10 speaks it natively.</summary>
    public const string ApiVersion = "v1.41";

    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;

    public DockerEngineClient(HttpClient http, TimeSpan requestTimeout)
    {
        _http = http;
        _requestTimeout = requestTimeout;
    }

    public static DockerEngineClient ForSocket(string socketPath, TimeSpan requestTimeout) =>
        new(UnixSocketHttpClient.Create(socketPath, ApiVersion), requestTimeout);

    public void Dispose() => _http.Dispose();

    // ---- containers ----

    /// <summary>Creates a named container. 409: a container of that name exists; 404: no such image.</summary>
    public Task<ContainerCreated> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Post, $"containers/create?name={Uri.EscapeDataString(name)}",
            JsonContent.Create(request, EngineJsonContext.Default.ContainerCreateRequest),
            EngineJsonContext.Default.ContainerCreated, $"create container {name}", cancellationToken);

    /// <summary>Starts a container; starting one that runs already is success.</summary>
    public Task StartContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"containers/{Segment(idOrName)}/start", null, $"start container {idOrName}", _requestTimeout, cancellationToken);

    public Task<ContainerInspection> InspectContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Get, $"containers/{Segment(idOrName)}/json", null,
            EngineJsonContext.Default.ContainerInspection, $"inspect container {idOrName}", cancellationToken);

    /// <summary>Stops a container: SIGTERM, then SIGKILL after <paramref name="grace"/>. Stopped already is success.</summary>
    public Task StopContainerAsync(string idOrName, TimeSpan grace, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(grace.TotalSeconds);
        return SendAsync(
            HttpMethod.Post, $"containers/{Segment(idOrName)}/stop?t={seconds.ToString(CultureInfo.InvariantCulture)}", null,
            $"stop container {idOrName}", grace + _requestTimeout, cancellationToken);
    }

    /// <summary>
    /// Removes a container, running or not. Named volumes are never removed by the engine;
    /// <paramref name="removeAnonymousVolumes"/> removes the unnamed ones it alone used.
    /// </summary>
    public Task RemoveContainerAsync(string idOrName, bool removeAnonymousVolumes, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Delete, $"containers/{Segment(idOrName)}?force=true&v={(removeAnonymousVolumes ? "true" : "false")}", null,
            $"remove container {idOrName}", _requestTimeout, cancellationToken);

    /// <summary>
    /// Opens <c>GET /containers/{id}/archive?path=</c>: a tar stream of the file or directory at <paramref name="path"/>,
    /// read as the caller reads it. The caller disposes the answer. 404: no such container or path.
    /// No request timeout applies once the headers arrived: the caller's token bounds the read.
    /// </summary>
    public async Task<HttpResponseMessage> OpenArchiveAsync(string idOrName, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"containers/{Segment(idOrName)}/archive?path={Uri.EscapeDataString(path)}");
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, $"read {path} in container {idOrName}", cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Lists every container (running or not) matching all the filters, for example <c>label</c> or <c>name</c>.</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyDictionary<string, string[]> filters, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Get, $"containers/json?all=true&filters={Filters(filters)}", null,
            EngineJsonContext.Default.IReadOnlyListContainerSummary, "list containers", cancellationToken);

    /// <summary>Runs a command in a running container and waits for it; used by tests to look inside a sandbox.</summary>
    public async Task<ExecResult> ExecAsync(string idOrName, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var created = await SendJsonAsync(
            HttpMethod.Post, $"containers/{Segment(idOrName)}/exec",
            JsonContent.Create(new ExecCreateRequest(command), EngineJsonContext.Default.ExecCreateRequest),
            EngineJsonContext.Default.ExecCreated, $"create exec in {idOrName}", cancellationToken).ConfigureAwait(false);

        // Without a TTY the engine multiplexes stdout and stderr in frames: 8-byte header (stream, 0, 0, 0,
        // big-endian length), then the payload; the connection closes when the command ends.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"exec/{created.Id}/start")
        {
            Content = JsonContent.Create(new ExecStartRequest(), EngineJsonContext.Default.ExecStartRequest),
        };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"start exec in {idOrName}", cancellationToken).ConfigureAwait(false);
        var output = new StringBuilder();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var header = new byte[8];
            while (await ReadFullyAsync(body, header, cancellationToken).ConfigureAwait(false))
            {
                var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
                if (!await ReadFullyAsync(body, payload, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                output.Append(Encoding.UTF8.GetString(payload));
            }
        }

        var inspection = await SendJsonAsync(
            HttpMethod.Get, $"exec/{created.Id}/json", null,
            EngineJsonContext.Default.ExecInspection, $"inspect exec in {idOrName}", cancellationToken).ConfigureAwait(false);
        return new ExecResult(inspection.ExitCode ?? -1, output.ToString());
    }

    // ---- networks ----

    public Task<NetworkInspection> InspectNetworkAsync(string idOrName, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Get, $"networks/{Segment(idOrName)}", null,
            EngineJsonContext.Default.NetworkInspection, $"inspect network {idOrName}", cancellationToken);

    /// <summary>
    /// Lists networks matching the filters. The <c>name</c> filter matches substrings, and the engine can hold
    /// several networks of one name (its duplicate check races), so callers compare names themselves.
    /// </summary>
    public Task<IReadOnlyList<NetworkInspection>> ListNetworksAsync(IReadOnlyDictionary<string, string[]> filters, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Get, $"networks?filters={Filters(filters)}", null,
            EngineJsonContext.Default.IReadOnlyListNetworkInspection, "list networks", cancellationToken);

    /// <summary>Creates a network. 409: one of that name exists.</summary>
    public async Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        var created = await SendJsonAsync(
            HttpMethod.Post, "networks/create",
            JsonContent.Create(request, EngineJsonContext.Default.NetworkCreateRequest),
            EngineJsonContext.Default.NetworkCreated, $"create network {request.Name}", cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    public Task RemoveNetworkAsync(string idOrName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"networks/{Segment(idOrName)}", null, $"remove network {idOrName}", _requestTimeout, cancellationToken);

    // ---- volumes ----

    public Task<VolumeInspection> InspectVolumeAsync(string name, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Get, $"volumes/{Segment(name)}", null,
            EngineJsonContext.Default.VolumeInspection, $"inspect volume {name}", cancellationToken);

    /// <summary>Creates a local volume; the engine answers with the existing one when the name is taken.</summary>
    public Task<VolumeInspection> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Post, "volumes/create",
            JsonContent.Create(request, EngineJsonContext.Default.VolumeCreateRequest),
            EngineJsonContext.Default.VolumeInspection, $"create volume {request.Name}", cancellationToken);

    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"volumes/{Segment(name)}", null, $"remove volume {name}", _requestTimeout, cancellationToken);

    // ---- images ----

    public Task<ImageInspection> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Get, $"images/{Segment(reference)}/json", null,
            EngineJsonContext.Default.ImageInspection, $"inspect image {reference}", cancellationToken);

    /// <summary>Lists images, intermediate layers included, matching all the filters (for example <c>label</c>).</summary>
    public Task<IReadOnlyList<ImageSummary>> ListImagesAsync(IReadOnlyDictionary<string, string[]> filters, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Get, $"images/json?all=true&filters={Filters(filters)}", null,
            EngineJsonContext.Default.IReadOnlyListImageSummary, "list images", cancellationToken);

    /// <summary>
    /// Removes an image (untags it, and deletes it when no tag is left). <paramref name="pruneParents"/> also deletes
    /// the untagged parent layers nothing else uses. 409: a container uses it.
    /// </summary>
    public Task RemoveImageAsync(string reference, bool pruneParents, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Delete, $"images/{Segment(reference)}?noprune={(pruneParents ? "false" : "true")}", null,
            $"remove image {reference}", _requestTimeout, cancellationToken);

    /// <summary>
    /// Builds and tags an image from a tar build context with the legacy builder, streaming its output lines.
    /// Intermediate containers are always removed; the layers the build commits are added to
    /// <paramref name="createdLayers"/> as they are, for the caller to remove if the build fails or is cancelled.
    /// No request timeout applies: the caller's token bounds the build (dropping the connection cancels it).
    /// </summary>
    public async Task<BuildOutcome> BuildImageAsync(
        Stream buildContextTar, string tag, IReadOnlyDictionary<string, string> labels, IProgress<string> output, List<string> createdLayers,
        CancellationToken cancellationToken)
    {
        var labelsJson = JsonSerializer.Serialize(new Dictionary<string, string>(labels), EngineJsonContext.Default.DictionaryStringString);
        var path = $"build?t={Uri.EscapeDataString(tag)}&labels={Uri.EscapeDataString(labelsJson)}&rm=true&forcerm=true&pull=false";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new TarStreamContent(buildContextTar) };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"build image {tag}", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            return await BuildStreamReader.ReadAsync(body, output, createdLayers, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Follows a container's output (stdout and stderr, from its start) and yields the size of each chunk as the engine
    /// sends it; ends when the container stops. The multiplexed frames are not decoded: callers only need to know that
    /// output arrived. No request timeout applies: the caller's token ends the follow.
    /// </summary>
    public async IAsyncEnumerable<int> FollowLogsAsync(string idOrName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"containers/{Segment(idOrName)}/logs?follow=true&stdout=true&stderr=true");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"follow logs of container {idOrName}", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var buffer = new byte[4096];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                yield return read;
            }
        }
    }

    // ---- plumbing ----

    private async Task<T> SendJsonAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answerType, string operation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, timeout.Token).ConfigureAwait(false);
        var answer = await response.Content.ReadFromJsonAsync(answerType, timeout.Token).ConfigureAwait(false);
        return answer ?? throw new DockerEngineException(response.StatusCode, operation, "empty answer");
    }

    private async Task SendAsync(
        HttpMethod method, string path, HttpContent? content, string operation, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);

        // 304 answers "already in that state" (start of a running container, stop of a stopped one).
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return;
        }

        await EnsureSuccessAsync(response, operation, timeout.Token).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string message;
        try
        {
            message = JsonSerializer.Deserialize(body, EngineJsonContext.Default.EngineError)?.Message ?? body;
        }
        catch (JsonException)
        {
            message = body;
        }

        throw new DockerEngineException(response.StatusCode, operation, message.Trim());
    }

    private static async Task<bool> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    /// <summary>Escapes a name for a path: image references hold '/' and ':' which the engine reads back decoded.</summary>
    private static string Segment(string idOrName) => Uri.EscapeDataString(idOrName);

    private static string Filters(IReadOnlyDictionary<string, string[]> filters) =>
        Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]>(filters), EngineJsonContext.Default.DictionaryStringStringArray));
}
