using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Catalog;

/// <summary>
/// The profiles and sizes sessions can use. A profile is offered only while its image exists where sessions run;
/// that answer is cached briefly so listing and launching do not ask the runtime every time.
/// </summary>
internal sealed class NotebookCatalog(IOptionsMonitor<CatalogOptions> options, ISessionRuntime runtime, TimeProvider clock)
{
    private static readonly TimeSpan ImageCheckTtl = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (bool Exists, DateTimeOffset CheckedAt)> _images = new(StringComparer.Ordinal);

    /// <summary>Every configured profile, available or not, in display order.</summary>
    public IReadOnlyList<NotebookProfile> ConfiguredProfiles => options.CurrentValue.Profiles
        .Select(p => new NotebookProfile(
            p.Key, p.Value.DisplayName, p.Value.Image, p.Value.Command, p.Value.Port, p.Value.HomePath, p.Value.Order,

            // Validated at start (ProfileEgressValidator); were it not, a profile would fall back to nothing leaving.
            ProfileEgress.Resolve(p.Key, p.Value).Policy ?? EgressPolicy.None))
        .OrderBy(p => p.Order).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();

    /// <summary>Sizes, smallest first.</summary>
    public IReadOnlyList<SessionSizeSpec> Sizes => options.CurrentValue.Sizes
        .Select(s => new SessionSizeSpec(s.Key, s.Value.Cpu, s.Value.MemoryGiB, s.Value.Gpu, s.Value.Pids))
        .OrderBy(s => s.Gpu).ThenBy(s => s.Cpu).ThenBy(s => s.MemoryGiB).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();

    /// <summary>The profiles whose image exists now.</summary>
    public async Task<IReadOnlyList<NotebookProfile>> AvailableProfilesAsync(CancellationToken cancellationToken)
    {
        var available = new List<NotebookProfile>();
        foreach (var profile in ConfiguredProfiles)
        {
            if (await ImageExistsAsync(profile.Image, cancellationToken))
            {
                available.Add(profile);
            }
        }

        return available;
    }

    /// <summary>A profile by id if configured and its image exists.</summary>
    public async Task<NotebookProfile?> FindAvailableProfileAsync(string id, CancellationToken cancellationToken) =>
        ConfiguredProfiles.FirstOrDefault(p => p.Id == id) is { } profile && await ImageExistsAsync(profile.Image, cancellationToken)
            ? profile
            : null;

    /// <summary>A configured profile by id, available or not (running sessions keep theirs).</summary>
    public NotebookProfile? FindProfile(string id) => ConfiguredProfiles.FirstOrDefault(p => p.Id == id);

    /// <summary>A size by id.</summary>
    public SessionSizeSpec? FindSize(string id) => Sizes.FirstOrDefault(s => s.Id == id);

    private async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_images.TryGetValue(image, out var cached) && now - cached.CheckedAt < ImageCheckTtl)
        {
            return cached.Exists;
        }

        bool exists;
        try
        {
            exists = await runtime.ImageExistsAsync(image, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // The runtime is unreachable: offer nothing rather than fail the listing.
            exists = false;
        }

        _images[image] = (exists, now);
        return exists;
    }
}
