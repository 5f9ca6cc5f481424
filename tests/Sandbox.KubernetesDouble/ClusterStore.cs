using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// The API server's storage: every object of the served kinds as compact JSON, one global resourceVersion counter, a
/// bounded history of changes for watches to resume from, and the controllers that run inside the real control plane
/// and act on writes (owner-reference garbage collection, claim protection, the volume provisioner: see the partial
/// files). One lock guards it all; changes are handed to watches in order while it is held.
/// </summary>
public sealed partial class ClusterStore : IClusterStore
{
    private const string Added = "ADDED";
    private const string Modified = "MODIFIED";
    private const string Deleted = "DELETED";
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly Lock gate = new();
    private readonly Dictionary<ApiResource, SortedDictionary<string, StoredObject>> objects =
        ApiResource.All.ToDictionary(r => r, _ => new SortedDictionary<string, StoredObject>(StringComparer.Ordinal));
    private readonly Dictionary<string, StoredObject> byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(ApiResource Resource, string Key)>> dependents = new(StringComparer.Ordinal);
    private readonly Queue<StoredChange> history = new();
    private readonly List<StoreSubscription> subscriptions = [];
    /// <summary>
    /// Where the counter starts: a real cluster's versions are never small, and "0" means "any version" to a watch or a
    /// list, so even an empty store must not answer it as its version.
    /// </summary>
    private const long FirstVersion = 1000;

    private long version = FirstVersion;
    private long compactedThrough = FirstVersion;

    /// <summary>How many changes the history keeps; a watch from an older resourceVersion gets 410 Expired.</summary>
    public int HistoryLimit { get; set; } = 10_000;

    /// <summary>The clock for timestamps (creation, deletion).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The storage classes the provisioner knows; a claim naming another stays Pending with a ProvisioningFailed event.</summary>
    public ISet<string> StorageClasses { get; } = new HashSet<string>(StringComparer.Ordinal) { "standard" };

    /// <summary>The class given to a claim that names none (the DefaultStorageClass admission plugin), or null.</summary>
    public string? DefaultStorageClass { get; set; } = "standard";

    /// <summary>The newest resourceVersion.</summary>
    public long CurrentVersion
    {
        get { lock (gate) return version; }
    }

    /// <summary>How many objects of a kind are stored.</summary>
    public int Count(ApiResource resource)
    {
        lock (gate) return objects[resource].Count;
    }

    /// <summary>The stored object, or null.</summary>
    public StoredObject? Find(ApiResource resource, string ns, string name)
    {
        lock (gate) return objects[resource].GetValueOrDefault(ns + "/" + name);
    }

    /// <summary>Creates an object from a client's body (POST): validation, defaults, uid, version; 409 when the name is taken.</summary>
    public StoredObject Create(ApiResource resource, string ns, JsonObject body)
    {
        lock (gate)
        {
            var metadata = Metadata(body);
            if (metadata["namespace"]?.GetValue<string>() is { Length: > 0 } bodyNs && bodyNs != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            if (body["kind"]?.GetValue<string>() is { Length: > 0 } kind && kind != resource.Kind)
            {
                throw ApiException.BadRequest($"the kind of the provided object ({kind}) does not match the path ({resource.Kind})");
            }
            metadata["namespace"] = ns;
            var name = metadata["name"]?.GetValue<string>() ?? "";
            if (name.Length == 0)
            {
                var prefix = metadata["generateName"]?.GetValue<string>() ?? "";
                if (prefix.Length == 0)
                {
                    throw ApiException.Invalid(resource, "", [new StatusCause("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")]);
                }
                do
                {
                    name = prefix + new string(Enumerable.Range(0, 5).Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]).ToArray());
                }
                while (objects[resource].ContainsKey(ns + "/" + name));
                metadata["name"] = name;
            }
            ObjectDefaults.OnWrite(resource, body);
            ObjectDefaults.OnCreate(resource, body, DefaultStorageClass);
            var causes = ObjectValidation.Check(resource, body, null);
            if (causes.Count > 0) throw ApiException.Invalid(resource, name, causes);
            if (objects[resource].ContainsKey(ns + "/" + name)) throw ApiException.AlreadyExists(resource, name);
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp(Clock.GetUtcNow());
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            if (resource != ApiResource.Pods && resource != ApiResource.Events) metadata["generation"] = 1;
            var created = Commit(body, Added, null);
            AfterCreate(created);
            return created;
        }
    }

    /// <summary>Replaces an object (PUT): 404 when missing, 409 Conflict when the body's resourceVersion is stale.</summary>
    public StoredObject Replace(ApiResource resource, string ns, string name, JsonObject body)
    {
        lock (gate)
        {
            var current = objects[resource].GetValueOrDefault(ns + "/" + name) ?? throw ApiException.NotFound(resource, name);
            return ReplaceLocked(current, body);
        }
    }

    /// <summary>Applies a merge patch (PATCH): 404 when missing, 409 Conflict when the patch carries a stale resourceVersion.</summary>
    public StoredObject Patch(ApiResource resource, string ns, string name, JsonObject patch)
    {
        lock (gate)
        {
            var current = objects[resource].GetValueOrDefault(ns + "/" + name) ?? throw ApiException.NotFound(resource, name);
            var merged = current.ToJsonObject();
            MergePatch.Apply(merged, patch);
            return ReplaceLocked(current, merged);
        }
    }

    /// <summary>
    /// One page of a kind's objects (in one namespace or all) that match the selectors, ordered by namespace/name, with
    /// the list's resourceVersion; <paramref name="limit"/> and <paramref name="continueToken"/> page through it.
    /// </summary>
    public ListPage List(ApiResource resource, string? ns, LabelSelector labels, FieldSelector fields, int? limit, string? continueToken)
    {
        string? after = null;
        if (!string.IsNullOrEmpty(continueToken))
        {
            try
            {
                after = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(continueToken));
            }
            catch (FormatException)
            {
                throw ApiException.BadRequest("continue key is not valid");
            }
        }
        lock (gate)
        {
            var matching = objects[resource].Values
                .Where(o => (ns is null || o.Namespace == ns) && (after is null || string.CompareOrdinal(o.Key, after) > 0))
                .Where(o => labels.Matches(o.Labels) && fields.Matches(o));
            if (limit is not > 0) return new ListPage(matching.ToList(), version, null, null);
            var all = matching.ToList();
            var page = all.Take(limit.Value).ToList();
            if (all.Count <= page.Count) return new ListPage(page, version, null, null);
            var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(page[^1].Key));
            return new ListPage(page, version, token, all.Count - page.Count);
        }
    }

    /// <summary>
    /// Starts a watch: the backlog to send first (ADDED for every current object when <paramref name="since"/> is null,
    /// otherwise the history after it) and the subscription that receives every later change. Throws 410 Expired when the
    /// history no longer reaches back to <paramref name="since"/>.
    /// </summary>
    public StoreSubscription Watch(ApiResource? resource, string? ns, long? since, out IReadOnlyList<StoredChange> backlog)
    {
        lock (gate)
        {
            var subscription = new StoreSubscription(resource, ns);
            if (since is null)
            {
                backlog = (resource is null ? objects.Values.SelectMany(m => m.Values) : objects[resource].Values)
                    .Where(o => ns is null || o.Namespace == ns)
                    .Select(o => new StoredChange(Added, o, null)).ToList();
            }
            else
            {
                if (since < compactedThrough) throw ApiException.Expired(since.Value, compactedThrough + 1);
                backlog = history.Where(c => c.Version > since && subscription.Wants(c)).ToList();
            }
            subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Queues a bookmark at the current resourceVersion behind every change already queued for the subscription.</summary>
    public void Bookmark(StoreSubscription subscription)
    {
        lock (gate) subscription.Offer(new WatchItem(null, version));
    }

    /// <summary>Stops feeding a subscription.</summary>
    public void Unsubscribe(StoreSubscription subscription)
    {
        lock (gate) subscriptions.Remove(subscription);
        subscription.Complete();
    }

    /// <summary>Forgets the change history (as etcd compaction does): a watch from any older resourceVersion gets 410 Expired.</summary>
    public void CompactHistory()
    {
        lock (gate)
        {
            history.Clear();
            compactedThrough = version;
        }
    }

    // ---- IClusterStore: what the double's own controllers (its node) use, in-process ----

    /// <inheritdoc />
    public JsonObject? Get(string resource, string ns, string name) => Find(ApiResource.Require(resource), ns, name)?.ToJsonObject();

    /// <inheritdoc />
    public IReadOnlyList<JsonObject> List(string resource, string? ns)
    {
        var kind = ApiResource.Require(resource);
        lock (gate) return objects[kind].Values.Where(o => ns is null || o.Namespace == ns).Select(o => o.ToJsonObject()).ToList();
    }

    /// <inheritdoc />
    public JsonObject Create(string resource, string ns, JsonObject obj)
    {
        try
        {
            return Create(ApiResource.Require(resource), ns, obj.DeepClone().AsObject()).ToJsonObject();
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public JsonObject? Update(string resource, string ns, string name, Action<JsonObject> mutate)
    {
        var kind = ApiResource.Require(resource);
        lock (gate)
        {
            var current = objects[kind].GetValueOrDefault(ns + "/" + name);
            if (current is null) return null;
            var copy = current.ToJsonObject();
            mutate(copy);
            var metadata = Metadata(copy);
            metadata["name"] = current.Name;
            metadata["namespace"] = current.Namespace;
            metadata["uid"] = current.Uid;
            ObjectDefaults.OnWrite(kind, copy);
            var updated = Commit(copy, Modified, current);
            AfterUpdate(updated);
            return updated.ToJsonObject();
        }
    }

    /// <inheritdoc />
    public void Remove(string resource, string ns, string name)
    {
        var kind = ApiResource.Require(resource);
        lock (gate)
        {
            if (objects[kind].GetValueOrDefault(ns + "/" + name) is { } current) RemoveNow(current);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoreChange> ChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscription = Watch(null, null, long.MaxValue, out _);
        try
        {
            await foreach (var item in subscription.Items.ReadAllAsync(cancellationToken))
            {
                if (item.Change is { } change) yield return new StoreChange(change.Type, change.Current.Resource.Plural, change.Current.ToJsonObject());
            }
        }
        finally
        {
            Unsubscribe(subscription);
        }
    }

    // ---- internals (the lock is held) ----

    private StoredObject ReplaceLocked(StoredObject current, JsonObject body)
    {
        var resource = current.Resource;
        var metadata = Metadata(body);
        if (metadata["name"]?.GetValue<string>() is { Length: > 0 } bodyName && bodyName != current.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({current.Name})");
        }
        if (metadata["namespace"]?.GetValue<string>() is { Length: > 0 } bodyNs && bodyNs != current.Namespace)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        if (metadata["resourceVersion"]?.GetValue<string>() is { Length: > 0 } rv && rv != current.Version.ToString(CultureInfo.InvariantCulture))
        {
            throw ApiException.Conflict(resource, current.Name, "the object has been modified; please apply your changes to the latest version and try again");
        }
        if (metadata["uid"]?.GetValue<string>() is { Length: > 0 } uid && uid != current.Uid)
        {
            throw ApiException.Conflict(resource, current.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
        }
        var stored = current.ToJsonObject();
        var storedMetadata = stored["metadata"]!.AsObject();
        metadata["name"] = current.Name;
        metadata["namespace"] = current.Namespace;
        foreach (var kept in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            metadata[kept] = storedMetadata[kept]?.DeepClone();
            if (metadata[kept] is null) metadata.Remove(kept);
        }
        if (resource == ApiResource.Pods || resource == ApiResource.PersistentVolumeClaims)
        {
            body["status"] = stored["status"]?.DeepClone(); // status belongs to the controllers (the status subresource)
        }
        if (resource != ApiResource.Pods && resource != ApiResource.Events && !JsonNode.DeepEquals(stored["spec"], body["spec"]))
        {
            metadata["generation"] = (storedMetadata["generation"]?.GetValue<long>() ?? 1) + 1;
        }
        ObjectDefaults.OnWrite(resource, body);
        var causes = ObjectValidation.Check(resource, body, stored);
        if (causes.Count > 0) throw ApiException.Invalid(resource, current.Name, causes);
        var updated = Commit(body, Modified, current);
        AfterUpdate(updated);
        return objects[resource].GetValueOrDefault(updated.Key) is { } latest && latest.Uid == updated.Uid ? latest : updated;
    }

    /// <summary>Stores a new version of <paramref name="obj"/> (or drops it for DELETED) and hands the change to the watches.</summary>
    private StoredObject Commit(JsonObject obj, string type, StoredObject? previous)
    {
        var resource = ApiResource.All.First(r => r.Kind == obj["kind"]?.GetValue<string>() || r == previous?.Resource);
        version++;
        Metadata(obj)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        var stored = StoredObject.From(resource, obj);
        if (previous is not null)
        {
            foreach (var owner in previous.OwnerUids)
            {
                if (dependents.TryGetValue(owner, out var set) && set.Remove((resource, previous.Key)) && set.Count == 0) dependents.Remove(owner);
            }
        }
        if (type == Deleted)
        {
            objects[resource].Remove(stored.Key);
            byUid.Remove(stored.Uid);
        }
        else
        {
            objects[resource][stored.Key] = stored;
            byUid[stored.Uid] = stored;
            foreach (var owner in stored.OwnerUids)
            {
                if (!dependents.TryGetValue(owner, out var set)) dependents[owner] = set = [];
                set.Add((resource, stored.Key));
            }
        }
        var change = new StoredChange(type, stored, previous);
        history.Enqueue(change);
        while (history.Count > HistoryLimit) compactedThrough = history.Dequeue().Version;
        foreach (var subscription in subscriptions)
        {
            if (subscription.Wants(change)) subscription.Offer(new WatchItem(change, 0));
        }
        return stored;
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata) return metadata;
        var fresh = new JsonObject();
        obj["metadata"] = fresh;
        return fresh;
    }

    /// <summary>RFC 3339 to the second, as Kubernetes writes timestamps.</summary>
    internal static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One page of a list: the items, the list's resourceVersion, and the token and count of what is left.</summary>
public sealed record ListPage(IReadOnlyList<StoredObject> Items, long Version, string? Continue, long? RemainingItemCount);
