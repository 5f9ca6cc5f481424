using Microsoft.Extensions.Caching.Memory;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Previews already read, per version and image. A published version never changes, so a preview stays true; reading
/// one decompresses the start of the image's layer, so it is read once per process. Bounded
/// to the most recent <see cref="Capacity"/> versions; access and status are checked before every lookup, never cached.
/// </summary>
internal sealed class DatasetPreviewCache : IDisposable
{
    /// <summary>How many versions' previews are kept.</summary>
    public const int Capacity = 128;

    private readonly MemoryCache _previews = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>The cached preview of <paramref name="image"/>'s version, if read before.</summary>
    public bool TryGet(string image, out DatasetPreviewView preview) => _previews.TryGetValue(image, out preview!);

    /// <summary>Keeps <paramref name="preview"/> for <paramref name="image"/>.</summary>
    public void Remember(string image, DatasetPreviewView preview) =>
        _previews.Set(image, preview, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(12) });

    /// <inheritdoc />
    public void Dispose() => _previews.Dispose();
}
