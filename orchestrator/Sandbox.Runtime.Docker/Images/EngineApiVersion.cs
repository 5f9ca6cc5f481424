namespace Sandbox.Runtime.Docker.Images;

/// <summary>
/// Asks the engine which API version it speaks (<c>GET /_ping</c>, unversioned, header <c>API-Version</c>), so a
/// client is made for that version: this machine's Engine 20.10 answers 1.41 and refuses newer clients, and current
/// engines refuse anything older than 1.44, so no one version can be pinned. Docker.DotNet does not negotiate itself.
/// </summary>
internal static class EngineApiVersion
{
    public static async Task<Version> NegotiateAsync(string socketPath, Version newestSupported, CancellationToken cancellationToken)
    {
        using var handler = EngineSocketHandler.Create(socketPath);
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(new Uri("http://engine/_ping"), cancellationToken).ConfigureAwait(false);
        if (!response.Headers.TryGetValues("API-Version", out var values) || !Version.TryParse(values.FirstOrDefault(), out var engine))
        {
            throw new RuntimeException("engine_unavailable", $"The engine at {socketPath} did not say which API version it speaks.");
        }

        return engine < newestSupported ? engine : newestSupported;
    }
}
