using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>
/// A small thread-safe <see cref="IClusterStore"/> in memory for the node's tests (the API server's store is not
/// needed for them): one resource-version counter, watchers told of every change in order, owner-reference garbage
/// collection on removal, the API server's graceful deletion of pods (<see cref="Delete"/>), and waiting for a condition
/// to hold, re-checked on every change (<see cref="WaitForAsync"/>).
/// </summary>
public sealed class InMemoryClusterStore : IClusterStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Resource, string Ns, string Name), JsonObject> _objects = [];
    private readonly List<Channel<StoreChange>> _watchers = [];
    private long _version;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JsonObject? Get(string resource, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue((resource, ns, name), out var found) ? (JsonObject)found.DeepClone() : null;
        }
    }

    public IReadOnlyList<JsonObject> List(string resource, string? ns)
    {
        lock (_gate)
        {
            return _objects.Where(o => o.Key.Resource == resource && (ns is null || o.Key.Ns == ns)).Select(o => (JsonObject)o.Value.DeepClone()).ToList();
        }
    }

    public JsonObject Create(string resource, string ns, JsonObject obj)
    {
        lock (_gate)
        {
            var stored = (JsonObject)obj.DeepClone();
            var metadata = stored["metadata"] as JsonObject ?? [];
            stored["metadata"] = metadata;
            var name = metadata["name"]?.GetValue<string>() ?? throw new ArgumentException("metadata.name is required", nameof(obj));
            if (_objects.ContainsKey((resource, ns, name)))
            {
                throw new InvalidOperationException($"{resource} \"{name}\" already exists");
            }

            metadata["namespace"] = ns;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            metadata["resourceVersion"] = NextVersion();
            _objects[(resource, ns, name)] = stored;
            Tell("ADDED", resource, stored);
            return (JsonObject)stored.DeepClone();
        }
    }

    public JsonObject? Update(string resource, string ns, string name, Action<JsonObject> mutate)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue((resource, ns, name), out var found))
            {
                return null;
            }

            var copy = (JsonObject)found.DeepClone();
            mutate(copy);
            ((JsonObject)copy["metadata"]!)["resourceVersion"] = NextVersion();
            _objects[(resource, ns, name)] = copy;
            Tell("MODIFIED", resource, copy);
            return (JsonObject)copy.DeepClone();
        }
    }

    public void Remove(string resource, string ns, string name)
    {
        lock (_gate)
        {
            if (!_objects.Remove((resource, ns, name), out var found))
            {
                return;
            }

            ((JsonObject)found["metadata"]!)["resourceVersion"] = NextVersion();
            Tell("DELETED", resource, found);
            var uid = found["metadata"]?["uid"]?.GetValue<string>();
            var dependents = _objects.Where(o => o.Key.Ns == ns && o.Value["metadata"]?["ownerReferences"] is JsonArray owners
                && owners.Any(r => r?["uid"]?.GetValue<string>() == uid)).Select(o => o.Key).ToList();
            foreach (var dependent in dependents)
            {
                Remove(dependent.Resource, dependent.Ns, dependent.Name);
            }
        }
    }

    public IAsyncEnumerable<StoreChange> ChangesAsync(CancellationToken cancellationToken)
    {
        // Registered now, not at the first MoveNextAsync: every change from the call on.
        var channel = Channel.CreateUnbounded<StoreChange>();
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        return ReadAsync(channel, cancellationToken);
    }

    /// <summary>
    /// Deletes as the API server does: a pod a node runs gets <c>deletionTimestamp</c> and the grace period (the node
    /// removes it); anything else is removed now.
    /// </summary>
    public void Delete(string resource, string ns, string name, long? gracePeriodSeconds = null)
    {
        var found = Get(resource, ns, name);
        if (resource == "pods" && found?["spec"]?["nodeName"] is not null && gracePeriodSeconds != 0)
        {
            var grace = gracePeriodSeconds ?? found["spec"]?["terminationGracePeriodSeconds"]?.GetValue<long>() ?? 30;
            Update(resource, ns, name, p =>
            {
                p["metadata"]!["deletionTimestamp"] = DateTime.UtcNow.AddSeconds(grace).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                p["metadata"]!["deletionGracePeriodSeconds"] = grace;
            });
            return;
        }

        Remove(resource, ns, name);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking it now and after every change; after <paramref name="timeout"/>, throws saying <paramref name="describe"/>.</summary>
    public async Task WaitForAsync(Func<InMemoryClusterStore, bool> condition, TimeSpan timeout, Func<string> describe)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Not within {timeout}: {describe()}");
            }
        }
    }

    private static async IAsyncEnumerable<StoreChange> ReadAsync(Channel<StoreChange> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await channel.Reader.WaitToReadAsync(cancellationToken))
        {
            while (channel.Reader.TryRead(out var change))
            {
                yield return change;
            }
        }
    }

    private string NextVersion() => (++_version).ToString(CultureInfo.InvariantCulture);

    private void Tell(string type, string resource, JsonObject obj)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(new StoreChange(type, resource, (JsonObject)obj.DeepClone()));
        }

        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
