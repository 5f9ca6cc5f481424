using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// One watch (<c>?watch=true</c>): newline-delimited JSON events, each flushed as soon as no further one is ready. With no
/// resourceVersion (or 0) it first sends ADDED for the current objects, otherwise the history after the version, or an
/// ERROR line with a 410 Expired Status and the end of the stream when the history no longer reaches back that far.
/// Selectors are applied per change: an object that starts or stops matching is sent as ADDED or DELETED. With
/// <c>allowWatchBookmarks</c> a BOOKMARK comes every <see cref="KubernetesApiDouble.BookmarkInterval"/> and before the
/// stream ends at <c>timeoutSeconds</c>.
/// </summary>
internal sealed class WatchStream(KubernetesApiDouble server, HttpContext context, ApiResource resource, string? ns,
    LabelSelector labels, FieldSelector fields, bool bookmarks)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task ServeAsync(string? resourceVersion, int? timeoutSeconds)
    {
        long? since = resourceVersion is null or "" or "0" ? null
            : long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw ApiException.BadRequest($"invalid resource version: \"{resourceVersion}\"");
        var response = context.Response;
        StoreSubscription subscription;
        IReadOnlyList<StoredChange> backlog;
        try
        {
            subscription = server.Store.Watch(resource, ns, since, out backlog);
        }
        catch (ApiException expired) when (expired.Code == 410)
        {
            StartStream(response);
            var error = new JsonObject { ["type"] = "ERROR", ["object"] = StatusBody.Failure(expired) };
            await response.Body.WriteAsync(JsonBytes.Of(error));
            await response.Body.WriteAsync(NewLine);
            await response.Body.FlushAsync();
            return;
        }

        using var registration = server.OpenWatch(context);
        using var timeout = new CancellationTokenSource();
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, registration.Dropped, timeout.Token);
        if (timeoutSeconds is > 0) timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds.Value));
        Task ticker = Task.CompletedTask;
        try
        {
            StartStream(response);
            await response.StartAsync(ending.Token);
            foreach (var change in backlog)
            {
                if (LineFor(change) is { } line) await response.Body.WriteAsync(line, ending.Token);
            }
            await response.Body.FlushAsync(ending.Token);
            if (bookmarks) ticker = TickAsync(subscription, ending.Token);
            while (true)
            {
                if (!subscription.Items.TryRead(out var item))
                {
                    await response.Body.FlushAsync(ending.Token);
                    if (!await subscription.Items.WaitToReadAsync(ending.Token)) break;
                    continue;
                }
                await WriteAsync(item, ending.Token);
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            if (timeout.IsCancellationRequested && !registration.Dropped.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                await FinishAsync(subscription);
            }
        }
        finally
        {
            server.Store.Unsubscribe(subscription);
            await ticker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static void StartStream(HttpResponse response)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
    }

    /// <summary>At timeoutSeconds: sends what is queued, then a last bookmark, then ends the stream.</summary>
    private async Task FinishAsync(StoreSubscription subscription)
    {
        if (!bookmarks) return;
        server.Store.Bookmark(subscription);
        while (subscription.Items.TryRead(out var item))
        {
            await WriteAsync(item, CancellationToken.None);
            if (item.Change is null) break;
        }
        await context.Response.Body.FlushAsync();
    }

    private async Task TickAsync(StoreSubscription subscription, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(server.BookmarkInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) server.Store.Bookmark(subscription);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteAsync(WatchItem item, CancellationToken cancellationToken)
    {
        var line = item.Change is { } change ? LineFor(change) : BookmarkLine(item.BookmarkVersion);
        if (line is not null) await context.Response.Body.WriteAsync(line, cancellationToken);
    }

    private byte[] BookmarkLine(long version) => Encoding.UTF8.GetBytes(
        $"{{\"type\":\"BOOKMARK\",\"object\":{{\"kind\":\"{resource.Kind}\",\"apiVersion\":\"{resource.ApiVersion}\",\"metadata\":{{\"resourceVersion\":\"{version.ToString(CultureInfo.InvariantCulture)}\",\"creationTimestamp\":null}}}}}}\n");

    /// <summary>The line a change makes on this watch, after the selectors; null when the watch does not see it.</summary>
    private byte[]? LineFor(StoredChange change)
    {
        if (labels.IsEverything && fields.IsEverything) return change.Line;
        var now = Matches(change.Current);
        if (change.Type != "MODIFIED") return now ? change.Line : null;
        var before = change.Previous is { } previous && Matches(previous);
        if (before && now) return change.Line;
        if (now) return JsonBytes.WatchLine("ADDED", change.Current.Json);
        if (!before) return null;
        var gone = change.Previous!.ToJsonObject();
        gone["metadata"]!["resourceVersion"] = change.Version.ToString(CultureInfo.InvariantCulture);
        return JsonBytes.WatchLine("DELETED", JsonBytes.Of(gone));
    }

    private bool Matches(StoredObject stored) => labels.Matches(stored.Labels) && fields.Matches(stored);
}
