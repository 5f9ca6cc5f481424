using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// <see cref="IMemberHomes"/> on the Docker engine: a home is the engine volume <see cref="DockerNames.HomeVolumeOf"/>
/// names; its size is the engine's own measure (<c>GET /system/df</c>, which walks every volume: on request only); local
/// volumes have no cap. Removing is the engine's volume removal, never forced, so a volume a container mounts is kept.
/// </summary>
internal sealed class DockerMemberHomes(DockerEngineConnection connection, DockerRuntimeOptions options, RuntimeInstallation installation) : IMemberHomes
{
    private DockerNames Names => new(options, installation.Identity);

    /// <inheritdoc />
    public async Task<IReadOnlyList<MemberHomeUsage>> UsageAsync(IReadOnlyCollection<string> homes, CancellationToken cancellationToken)
    {
        var byVolume = homes.Distinct(StringComparer.Ordinal).ToDictionary(h => Names.HomeVolumeOf(new HomeVolume(h, "/")), StringComparer.Ordinal);
        var sizes = await VolumeSizesAsync(cancellationToken).ConfigureAwait(false);
        var docker = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
        var existing = await docker.Volumes.ListAsync(cancellationToken).ConfigureAwait(false); // names matched exactly below
        return (existing.Volumes ?? [])
            .Where(v => byVolume.ContainsKey(v.Name))
            .Select(v => new MemberHomeUsage(byVolume[v.Name], sizes.TryGetValue(v.Name, out var bytes) ? bytes : null, null))
            .OrderBy(u => u.Home, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Bytes per volume as the engine measured them: the 1.52 shape through the library, else the older one.</summary>
    private async Task<IReadOnlyDictionary<string, long>> VolumeSizesAsync(CancellationToken cancellationToken)
    {
        var docker = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
        var usage = await docker.System.GetDataUsageInfoAsync(new SytemDataUsageInfoParameters(), cancellationToken).ConfigureAwait(false);
        if (usage.VolumeUsage?.Items is { } items)
        {
            return items.Where(v => v.UsageData is { Size: >= 0 }).ToDictionary(v => v.Name, v => v.UsageData!.Size, StringComparer.Ordinal);
        }

        return await LegacyVolumeSizes.ReadAsync(options, cancellationToken).ConfigureAwait(false) ?? new Dictionary<string, long>();
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string home, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(home);
        var volume = Names.HomeVolumeOf(new HomeVolume(home, "/"));
        var docker = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await docker.Volumes.RemoveAsync(volume, force: false, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already (or the member never launched).
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new RuntimeException("home_in_use", $"The home volume {volume} is still mounted: {e.ResponseBody}", e);
        }
    }
}
