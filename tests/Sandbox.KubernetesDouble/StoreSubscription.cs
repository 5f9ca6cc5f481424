using System.Threading.Channels;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// A watch's queue of the store's changes (of one kind, in one namespace or all), filled in order under the store's lock,
/// read by one watch stream. Bookmarks are queued the same way, so a bookmark's resourceVersion never runs ahead of a
/// change the watch has not been sent yet.
/// </summary>
public sealed class StoreSubscription
{
    private readonly Channel<WatchItem> channel = Channel.CreateUnbounded<WatchItem>(new UnboundedChannelOptions { SingleReader = true });

    internal StoreSubscription(ApiResource? resource, string? ns)
    {
        Resource = resource;
        Namespace = ns;
    }

    /// <summary>The kind watched, or null for every kind.</summary>
    public ApiResource? Resource { get; }

    /// <summary>The namespace watched, or null for all.</summary>
    public string? Namespace { get; }

    /// <summary>The queued changes and bookmarks.</summary>
    public ChannelReader<WatchItem> Items => channel.Reader;

    internal bool Wants(StoredChange change) =>
        (Resource is null || change.Current.Resource == Resource) && (Namespace is null || change.Current.Namespace == Namespace);

    internal void Offer(WatchItem item) => channel.Writer.TryWrite(item);

    internal void Complete() => channel.Writer.TryComplete();
}

/// <summary>A queued change, or (when <see cref="Change"/> is null) a bookmark at <see cref="BookmarkVersion"/>.</summary>
public readonly record struct WatchItem(StoredChange? Change, long BookmarkVersion);
