using k8s;
using k8s.Models;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>Watches through KubernetesClient's generated Watch*Async: order, bookmarks, selectors, 410 Expired, dropped streams.</summary>
public sealed class WatchTests : ApiDoubleTestBase
{
    [Fact]
    public async Task A_watch_from_the_list_version_sees_later_changes_in_order()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("before"), Ns);
        var list = await Client.CoreV1.ListNamespacedPodAsync(Ns);

        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"x":"1"}}}""", V1Patch.PatchType.MergePatch), "p1", Ns);
        await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns);

        var seen = await TakeAsync(Client.CoreV1.WatchListNamespacedPodAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: Deadline), 3);
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal("p1", e.Pod.Metadata.Name));
        var versions = seen.Select(e => long.Parse(e.Pod.Metadata.ResourceVersion)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[0] > long.Parse(list.Metadata.ResourceVersion));
        Assert.Equal("1", seen[2].Pod.Metadata.Labels["x"]);
    }

    [Fact]
    public async Task A_watch_without_a_version_starts_with_the_current_objects()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("a"), Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("b"), Ns);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Deadline);
        var events = Client.CoreV1.WatchListNamespacedPodAsync(Ns, cancellationToken: cancel.Token).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "a"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "b"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("c"), Ns); // after the stream opened: delivered live
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "c"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
        await cancel.CancelAsync();
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Bookmarks_arrive_with_the_current_version()
    {
        Server.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        var created = await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        var seen = await TakeAsync(Client.CoreV1.WatchListNamespacedPodAsync(Ns, allowWatchBookmarks: true,
            resourceVersion: created.Metadata.ResourceVersion, cancellationToken: Deadline), 2);
        Assert.All(seen, e => Assert.Equal(WatchEventType.Bookmark, e.Type));
        Assert.All(seen, e => Assert.True(long.Parse(e.Pod.Metadata.ResourceVersion) >= long.Parse(created.Metadata.ResourceVersion)));
    }

    [Fact]
    public async Task A_watch_ends_at_its_timeout_with_a_last_bookmark()
    {
        Server.BookmarkInterval = TimeSpan.FromHours(1);
        var created = await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        var all = new List<(WatchEventType Type, V1Pod Pod)>();
        await foreach (var e in Client.CoreV1.WatchListNamespacedPodAsync(Ns, allowWatchBookmarks: true, timeoutSeconds: 1,
            resourceVersion: created.Metadata.ResourceVersion, cancellationToken: Deadline))
        {
            all.Add(e);
        }
        var last = Assert.Single(all);
        Assert.Equal(WatchEventType.Bookmark, last.Type);
        Assert.Equal(created.Metadata.ResourceVersion, last.Pod.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_compacted_history_gives_410_expired_through_on_error()
    {
        var list = await Client.CoreV1.ListNamespacedPodAsync(Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        Server.CompactHistory();
        var errors = new List<Exception>();
        var events = new List<WatchEventType>();
        await foreach (var (type, _) in Client.CoreV1.WatchListNamespacedPodAsync(Ns, resourceVersion: list.Metadata.ResourceVersion,
            onError: errors.Add, cancellationToken: Deadline))
        {
            events.Add(type);
        }
        Assert.Empty(events);
        var expired = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);

        // From the version after the compaction the watch works again.
        var fresh = await Client.CoreV1.ListNamespacedPodAsync(Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p2"), Ns);
        var seen = await TakeAsync(Client.CoreV1.WatchListNamespacedPodAsync(Ns, resourceVersion: fresh.Metadata.ResourceVersion, cancellationToken: Deadline), 1);
        Assert.Equal("p2", seen[0].Pod.Metadata.Name);
    }

    [Fact]
    public async Task History_beyond_its_limit_is_expired()
    {
        Server.Store.HistoryLimit = 3;
        var list = await Client.CoreV1.ListNamespacedSecretAsync(Ns);
        for (var i = 0; i < 4; i++) await Client.CoreV1.CreateNamespacedSecretAsync(Secret($"s{i}"), Ns);
        var errors = new List<Exception>();
        await foreach (var _ in Client.CoreV1.WatchListNamespacedSecretAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: Deadline))
        {
            Assert.Fail("no event expected");
        }
        Assert.Equal(410, Assert.IsType<KubernetesException>(Assert.Single(errors)).Status.Code);
    }

    [Fact]
    public async Task Drop_watches_ends_the_enumeration()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        var ended = false;
        var first = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in Client.CoreV1.WatchListNamespacedPodAsync(Ns, cancellationToken: Deadline))
            {
                first.TrySetResult();
            }
            ended = true;
        });
        await first.Task.WaitAsync(Deadline);
        Assert.Equal(1, Server.OpenWatchCount);
        Server.DropWatches();
        await watching.WaitAsync(Deadline);
        Assert.True(ended);
    }

    [Fact]
    public async Task Objects_that_start_or_stop_matching_the_selector_are_added_or_deleted()
    {
        var list = await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=nb");
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", new Dictionary<string, string> { ["app"] = "nb" }), Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("other", new Dictionary<string, string> { ["app"] = "web" }), Ns);
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"app":"web"}}}""", V1Patch.PatchType.MergePatch), "p1", Ns);
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"app":"nb"}}}""", V1Patch.PatchType.MergePatch), "p1", Ns);
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "p1", Ns);
        await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns);

        var seen = await TakeAsync(Client.CoreV1.WatchListNamespacedPodAsync(Ns, labelSelector: "app=nb",
            resourceVersion: list.Metadata.ResourceVersion, cancellationToken: Deadline), 5);
        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted, WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal("p1", e.Pod.Metadata.Name));
        Assert.Equal("nb", seen[1].Pod.Metadata.Labels["app"]); // the state it was selected by, at the change's version
        Assert.True(long.Parse(seen[1].Pod.Metadata.ResourceVersion) > long.Parse(seen[0].Pod.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task A_field_selected_watch_sees_one_pod()
    {
        var list = await Client.CoreV1.ListNamespacedPodAsync(Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("a"), Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("b"), Ns);
        var seen = await TakeAsync(Client.CoreV1.WatchListNamespacedPodAsync(Ns, fieldSelector: "metadata.name=b",
            resourceVersion: list.Metadata.ResourceVersion, cancellationToken: Deadline), 1);
        Assert.Equal("b", seen[0].Pod.Metadata.Name);
    }

    /// <summary>The first <paramref name="count"/> events of a watch, then it is cancelled.</summary>
    private static async Task<List<(WatchEventType Type, V1Pod Pod)>> TakeAsync<T>(IAsyncEnumerable<(WatchEventType, T)> watch, int count)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var result = new List<(WatchEventType, V1Pod)>();
        await foreach (var (type, obj) in watch)
        {
            result.Add((type, new V1Pod { Metadata = obj.Metadata }));
            if (result.Count == count) break;
        }
        Assert.Equal(count, result.Count);
        return result;
    }
}
