using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// The one shared watch of the installation's session pods and the slim cache it keeps (<see cref="PodRecord"/> per
/// session). Lists the pods (label-selected on the installation, page by page), then watches from the list's
/// resourceVersion with bookmarks, resuming from the last version seen when the stream ends; relists when the server says
/// the version is too old (410 Gone, as an HTTP answer or as an ERROR line, which the client hands to <c>onError</c>);
/// backs off (0.5 s doubling to 30 s, with jitter) after transport errors. Every change that matters to a session is
/// told to the subscribers of <see cref="ChangesAsync"/> and to whoever waits on that session. Started on first use.
/// </summary>
internal sealed partial class SessionPods : IDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(30);

    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly Func<KubernetesNames> _names;
    private readonly int _watchTimeoutSeconds;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, PodRecord> _pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Channel<RuntimeChange>, byte> _subscribers = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _starting = new();
    private readonly TaskCompletionSource _listed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private volatile bool _warm;

    /// <param name="client">The API server.</param>
    /// <param name="ns">The sessions' namespace.</param>
    /// <param name="names">This installation's names (known once the store has the installation's id).</param>
    /// <param name="watchTimeoutSeconds">How long one watch request lasts before it is made again from the last version.</param>
    /// <param name="logger">Where it logs.</param>
    public SessionPods(IKubernetes client, string ns, Func<KubernetesNames> names, int watchTimeoutSeconds, ILogger logger)
    {
        _client = client;
        _namespace = ns;
        _names = names;
        _watchTimeoutSeconds = watchTimeoutSeconds;
        _logger = logger;
    }

    /// <summary>How many pods the cache holds.</summary>
    public int Count => _pods.Count;

    /// <summary>How many times the pods were listed (the first list and each relist).</summary>
    public int Lists { get; private set; }

    /// <summary>Completes once the pods were first listed: from then on every change reaches the subscribers.</summary>
    public Task Listed => _listed.Task;

    /// <summary>Starts the watch if it is not running yet.</summary>
    public void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_starting)
        {
            _loop ??= Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>
    /// Whether the cache is current enough to answer (listed, and the watch not failing); when it is,
    /// <paramref name="record"/> is the session's pod or null when it has none.
    /// </summary>
    public bool TryGet(string sessionId, out PodRecord? record)
    {
        EnsureStarted();
        record = _pods.GetValueOrDefault(sessionId);
        return _warm;
    }

    /// <summary>
    /// A task that completes at the session's next change. Take it before reading the session's state, then wait on it, so
    /// a change between the two is not missed.
    /// </summary>
    public Task NextChangeOf(string sessionId)
    {
        EnsureStarted();
        return _waiters.GetOrAdd(sessionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    /// <summary>Every change of this installation's sessions from the call on, until cancelled.</summary>
    public async IAsyncEnumerable<RuntimeChange> ChangesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureStarted();
        var channel = Channel.CreateBounded<RuntimeChange>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers.TryAdd(channel, 0);
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }

    /// <summary>Stops the watch.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Ended by the cancellation.
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        string? version = null;
        var relist = true;
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (relist)
                {
                    version = await ListAsync(cancellationToken).ConfigureAwait(false);
                    relist = false;
                }

                var expired = false;
                var watch = _client.CoreV1.WatchListNamespacedPodAsync(
                    _namespace,
                    allowWatchBookmarks: true,
                    labelSelector: _names().SessionSelector,
                    resourceVersion: version,
                    timeoutSeconds: _watchTimeoutSeconds,
                    onError: error =>
                    {
                        // An ERROR line: 410 means the version is too old to resume from; anything else is logged.
                        if (error is KubernetesException { Status.Code: 410 })
                        {
                            expired = true;
                        }
                        else
                        {
                            Log.WatchLineError(_logger, error.Message);
                        }
                    },
                    cancellationToken: cancellationToken);
                await foreach (var (type, pod) in watch.ConfigureAwait(false))
                {
                    if (expired)
                    {
                        break;
                    }

                    version = pod?.Metadata?.ResourceVersion is { Length: > 0 } seen ? seen : version;
                    _warm = true;
                    backoff = FirstBackoff;
                    if (type != WatchEventType.Bookmark && pod is not null)
                    {
                        Apply(type, pod);
                    }
                }

                if (expired)
                {
                    Log.Expired(_logger, version ?? "");
                    relist = true;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Is(HttpStatusCode.Gone))
            {
                Log.Expired(_logger, version ?? "");
                relist = true;
            }
            catch (Exception e)
            {
                // The API server unreachable or refusing: what the cache says may be old, so readers ask the API itself.
                _warm = false;
                Log.WatchFailed(_logger, backoff.TotalSeconds, e);
                try
                {
                    await Task.Delay(backoff + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)(backoff.TotalMilliseconds / 4) + 1)), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
            }
        }
    }

    /// <summary>Lists every session pod of the installation, replaces the cache with them and tells what changed.</summary>
    private async Task<string?> ListAsync(CancellationToken cancellationToken)
    {
        var names = _names();
        var listed = new Dictionary<string, PodRecord>(StringComparer.Ordinal);
        string? next = null;
        string? version;
        do
        {
            var page = await _client.CoreV1.ListNamespacedPodAsync(
                _namespace, labelSelector: names.SessionSelector, limit: 500, continueParameter: next, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var pod in page.Items ?? [])
            {
                var record = PodReader.Read(pod, names.Labels);
                if (record.SessionId.Length > 0)
                {
                    listed[record.SessionId] = record;
                }
            }

            next = page.Metadata?.ContinueProperty;
            version = page.Metadata?.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(next));

        // Tell about every session whose pod appeared, changed or vanished since the cache last knew.
        foreach (var (sessionId, record) in listed)
        {
            var known = _pods.GetValueOrDefault(sessionId);
            _pods[sessionId] = record;
            if (known != record)
            {
                Tell(sessionId, "resync");
            }
        }

        foreach (var sessionId in _pods.Keys.Where(id => !listed.ContainsKey(id)).ToList())
        {
            _pods.TryRemove(sessionId, out _);
            Tell(sessionId, "resync");
        }

        Lists++;
        _warm = true;
        _listed.TrySetResult();
        return version;
    }

    private void Apply(WatchEventType type, V1Pod pod)
    {
        var record = PodReader.Read(pod, _names().Labels);
        if (record.SessionId.Length == 0)
        {
            return;
        }

        if (type == WatchEventType.Deleted)
        {
            if (_pods.TryRemove(record.SessionId, out _))
            {
                Tell(record.SessionId, "deleted");
            }

            return;
        }

        var known = _pods.GetValueOrDefault(record.SessionId);
        _pods[record.SessionId] = record;
        if (known != record)
        {
            Tell(record.SessionId, record.Phase.ToString().ToLowerInvariant());
        }
    }

    private void Tell(string sessionId, string what)
    {
        if (_waiters.TryRemove(sessionId, out var waiter))
        {
            waiter.TrySetResult();
        }

        var change = new RuntimeChange(sessionId, what);
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(change);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "The pods' watch is too old to resume from version {Version}; listing the pods again")]
        public static partial void Expired(ILogger logger, string version);

        [LoggerMessage(21, LogLevel.Warning, "The pods' watch failed; trying again in {Seconds} s")]
        public static partial void WatchFailed(ILogger logger, double seconds, Exception failure);

        [LoggerMessage(22, LogLevel.Warning, "The pods' watch sent an error: {Message}")]
        public static partial void WatchLineError(ILogger logger, string message);
    }
}
