using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sandbox.Datasets.Oci;

namespace Sandbox.Orchestrator.Datasets.Registry;

/// <summary>
/// The few calls of the OCI distribution specification a push needs: the base endpoint (GET <c>/v2/</c>, whether the
/// registry answers and takes the credentials), blob existence (HEAD), a monolithic blob upload (POST, then PUT with
/// the whole body, streamed), the manifest (PUT) and, to undo a push, its removal (DELETE). Written here because no .NET registry client
/// is served; typed and tested against Distribution (Debian's <c>docker-registry</c>). Authentication is HTTP basic,
/// sent with every request (registries with htpasswd); token (bearer) authentication is not supported. Failures come
/// back as <see cref="RegistryFailure"/> values; only the caller's cancellation throws.
/// </summary>
internal sealed class OciRegistryClient(HttpClient http, Uri registry, string? username, string? password)
{
    private readonly AuthenticationHeaderValue? _authorization = username is null
        ? null
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    /// <summary>
    /// Whether the registry answers and takes the credentials: GET <c>/v2/</c> with them, bounded by
    /// <paramref name="timeout"/>. Null when it does; <see cref="RegistryFailure.Unauthorized"/> when it refuses them;
    /// <see cref="RegistryFailure.Unavailable"/> when it does not answer, in time or at all.
    /// </summary>
    public async Task<RegistryFailure?> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        using var request = Request(HttpMethod.Get, "/v2/");
        try
        {
            var (response, failure) = await SendAsync(request, "checking that it answers", bounded.Token).ConfigureAwait(false);
            using (response)
            {
                if (failure is not null)
                {
                    return failure;
                }

                return response!.IsSuccessStatusCode ? null : await FailureAsync(response, "checking that it answers", bounded.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RegistryFailure(RegistryFailure.Unavailable, $"The registry at {registry} did not answer within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Whether the repository already holds the blob.</summary>
    public async Task<(bool Exists, RegistryFailure? Failure)> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}");
        var (response, failure) = await SendAsync(request, "checking blob " + digest, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (failure is not null)
            {
                return (false, failure);
            }

            return response!.StatusCode switch
            {
                HttpStatusCode.OK => (true, null),
                HttpStatusCode.NotFound => (false, null),
                _ => (false, await FailureAsync(response, "checking blob " + digest, cancellationToken).ConfigureAwait(false)),
            };
        }
    }

    /// <summary>Uploads a blob in one request, its content streamed from <paramref name="content"/>.</summary>
    public async Task<RegistryFailure?> UploadBlobAsync(string repository, OciDescriptor blob, Stream content, CancellationToken cancellationToken)
    {
        // 1. Open an upload session; the registry says where to send the content.
        Uri location;
        using (var start = Request(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/"))
        {
            var (response, failure) = await SendAsync(start, "starting the upload of " + blob.Digest, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                if (failure is not null)
                {
                    return failure;
                }

                if (response!.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is null)
                {
                    return await FailureAsync(response, "starting the upload of " + blob.Digest, cancellationToken).ConfigureAwait(false);
                }

                location = response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(registry, response.Headers.Location);
            }
        }

        // 2. The whole content, closed with its digest: the registry checks it and refuses a mismatch.
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        using var put = Request(HttpMethod.Put, location + separator + "digest=" + Uri.EscapeDataString(blob.Digest));
        put.Content = new StreamContent(content);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        put.Content.Headers.ContentLength = blob.Size;
        var (uploaded, uploadFailure) = await SendAsync(put, "uploading " + blob.Digest, cancellationToken).ConfigureAwait(false);
        using (uploaded)
        {
            if (uploadFailure is not null)
            {
                return uploadFailure;
            }

            return uploaded!.StatusCode == HttpStatusCode.Created
                ? null
                : await FailureAsync(uploaded, "uploading " + blob.Digest, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Puts the manifest under its own digest and checks the registry computed the same one.</summary>
    public async Task<RegistryFailure?> PutManifestAsync(string repository, OciDescriptor manifest, byte[] content, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, $"/v2/{repository}/manifests/{manifest.Digest}");
        request.Content = new ByteArrayContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        var (response, failure) = await SendAsync(request, "putting the manifest " + manifest.Digest, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (failure is not null)
            {
                return failure;
            }

            if (response!.StatusCode != HttpStatusCode.Created)
            {
                return await FailureAsync(response, "putting the manifest " + manifest.Digest, cancellationToken).ConfigureAwait(false);
            }

            var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
            return digest is null || digest == manifest.Digest
                ? null
                : new RegistryFailure(RegistryFailure.Refused, $"The registry stored the manifest as {digest}, not {manifest.Digest}.");
        }
    }

    /// <summary>Removes the manifest (the registry must allow deletes); null when it is gone or was never there.</summary>
    public async Task<RegistryFailure?> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, $"/v2/{repository}/manifests/{digest}");
        var (response, failure) = await SendAsync(request, "removing the manifest " + digest, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (failure is not null)
            {
                return failure;
            }

            return response!.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NotFound
                ? null
                : await FailureAsync(response, "removing the manifest " + digest, cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string pathOrUri)
    {
        var request = new HttpRequestMessage(method, new Uri(registry, pathOrUri));
        request.Headers.Authorization = _authorization;
        return request;
    }

    private async Task<(HttpResponseMessage? Response, RegistryFailure? Failure)> SendAsync(HttpRequestMessage request, string doing, CancellationToken cancellationToken)
    {
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (response, null);
        }
        catch (HttpRequestException e)
        {
            return (null, new RegistryFailure(RegistryFailure.Unavailable, $"The registry at {registry} could not be reached while {doing}: {e.Message}"));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new RegistryFailure(RegistryFailure.Unavailable, $"The registry at {registry} did not answer in time while {doing}."));
        }
    }

    private static async Task<RegistryFailure> FailureAsync(HttpResponseMessage response, string doing, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var (code, message) = await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var what = $"The registry answered {status}{(code is null ? "" : " " + code)} while {doing}{(message is null ? "" : ": " + message)}.";
        if (status is 401 or 403)
        {
            return new RegistryFailure(RegistryFailure.Unauthorized, what);
        }

        if (code is "BLOB_UNKNOWN" or "MANIFEST_BLOB_UNKNOWN" or "BLOB_UPLOAD_UNKNOWN")
        {
            return new RegistryFailure(RegistryFailure.BlobMissing, what);
        }

        return new RegistryFailure(status >= 500 ? RegistryFailure.Unavailable : RegistryFailure.Refused, what);
    }

    // Distribution answers errors as {"errors":[{"code","message","detail"}]}; anything else is reported by status alone.
    private static async Task<(string? Code, string? Message)> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            var first = json.RootElement.GetProperty("errors")[0];
            return (first.GetProperty("code").GetString(), first.TryGetProperty("message", out var m) ? m.GetString() : null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or IndexOutOfRangeException or InvalidOperationException or HttpRequestException)
        {
            return (null, null);
        }
    }
}
