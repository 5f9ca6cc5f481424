using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Sandbox.Runtime.Docker.Client;

/// <summary>
/// Volume sizes from engines older than API 1.52, whose <c>GET /system/df</c> answers them in a <c>Volumes</c> array that
/// Docker.DotNet.Enhanced's model (the 1.52 shape, <c>VolumesDiskUsage.Items</c>) does not read. Read here over the unix
/// socket, the only transport such an engine is reached through by default; null over TCP (no sizes reported then).
/// </summary>
internal static class LegacyVolumeSizes
{
    /// <summary>Bytes per volume name (volumes the engine has not measured are left out), or null when not over a unix socket.</summary>
    public static async Task<IReadOnlyDictionary<string, long>?> ReadAsync(DockerRuntimeOptions options, CancellationToken cancellationToken)
    {
        var endpoint = DockerEngineConnection.EndpointOf(options);
        if (endpoint.Scheme != "unix")
        {
            return null;
        }

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.LocalPath), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://engine/"), Timeout = options.EngineRequestTimeout };
        using var document = await http.GetFromJsonAsync<JsonDocument>("system/df", cancellationToken).ConfigureAwait(false);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (document?.RootElement.TryGetProperty("Volumes", out var volumes) == true && volumes.ValueKind == JsonValueKind.Array)
        {
            foreach (var volume in volumes.EnumerateArray())
            {
                if (volume.TryGetProperty("Name", out var name) && volume.TryGetProperty("UsageData", out var usage)
                    && usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty("Size", out var size) && size.TryGetInt64(out var bytes) && bytes >= 0)
                {
                    sizes[name.GetString()!] = bytes;
                }
            }
        }

        return sizes;
    }
}
