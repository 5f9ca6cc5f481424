using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// <see cref="IDataImageLoader"/> under Kubernetes: registry only. Nodes pull data images themselves, by digest, so
/// "pulling" here means checking that the registry serves the manifest the reference pins and reading its config digest
/// (the image's id). Loading from a layout on the orchestrator's disk is refused: nodes cannot see it.
/// </summary>
internal sealed class KubernetesDataImageLoader(HttpClient http, Uri registry) : IDataImageLoader
{
    private static readonly string[] ManifestTypes =
        ["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

    /// <inheritdoc />
    public Task<string> LoadAsync(DataImageFiles image, string reference, CancellationToken cancellationToken) =>
        throw new RuntimeException("image_load_failed",
            "On Kubernetes data images reach the nodes through the registry (Sandbox:Registry:Url): a layout on the orchestrator's disk cannot be loaded into a cluster.");

    /// <inheritdoc />
    public async Task<string> PullAsync(string reference, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var at = reference.IndexOf("@sha256:", StringComparison.Ordinal);
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var host = registry.IsDefaultPort ? registry.Host : $"{registry.Host}:{registry.Port}";
        if (at < 0 || slash < 0 || slash > at || !string.Equals(reference[..slash], host, StringComparison.OrdinalIgnoreCase))
        {
            throw new RuntimeException("dataset_image_unavailable", $"The data image {reference} is not pinned by digest in the registry {host}.");
        }

        var repository = reference[(slash + 1)..at];
        var digest = reference[(at + 1)..];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(registry, $"/v2/{repository}/manifests/{digest}"));
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
        }

        byte[] manifest;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RuntimeException("dataset_image_unavailable", $"The registry answered {(int)response.StatusCode} for the data image {reference}.");
            }

            manifest = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RuntimeException("dataset_image_unavailable", $"The registry could not be reached for the data image {reference}: {e.Message}", e);
        }

        // The manifest must be the one the digest names, and say which config it has.
        if ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest)) != digest)
        {
            throw new RuntimeException("dataset_image_unavailable", $"The registry's manifest for {reference} does not match its digest.");
        }

        try
        {
            using var document = JsonDocument.Parse(manifest);
            return document.RootElement.GetProperty("config").GetProperty("digest").GetString()
                ?? throw new RuntimeException("dataset_image_unavailable", $"The manifest of {reference} names no config.");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RuntimeException("dataset_image_unavailable", $"The manifest of {reference} is not an image manifest: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public Task<Stream> ExportAsync(string reference, CancellationToken cancellationToken) =>
        throw new RuntimeException("dataset_image_missing", $"A cluster keeps no images to export; {reference} can only come from its layout or the registry.");
}
