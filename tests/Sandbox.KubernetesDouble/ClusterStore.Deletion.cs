using System.Globalization;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// Deletion as the real API server does it: preconditions, graceful deletion of pods a node runs (deletionTimestamp set,
/// the node removes the pod through <see cref="IClusterStore.Remove"/>), the Foreground/Background/Orphan propagation
/// policies, and the finalizers that keep an object visible while it is terminating.
/// </summary>
public sealed partial class ClusterStore
{
    /// <summary>The finalizer of an owner in foreground deletion: it goes when the blocking dependents are gone.</summary>
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// Deletes an object (DELETE): 404 when missing, 409 Conflict when a precondition fails. Returns the object's state
    /// after the call and whether it is gone (otherwise it is terminating: graceful, foreground, or a protected claim).
    /// </summary>
    public DeleteOutcome Delete(ApiResource resource, string ns, string name, DeleteOptions options)
    {
        lock (gate)
        {
            var current = objects[resource].GetValueOrDefault(ns + "/" + name) ?? throw ApiException.NotFound(resource, name);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Uid)
            {
                throw ApiException.Conflict(resource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }
            if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != current.Version.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(resource, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.Version}");
            }
            var last = DeleteLocked(current, options);
            var gone = !objects[resource].TryGetValue(current.Key, out var now) || now.Uid != current.Uid;
            return new DeleteOutcome(gone ? last : now!, gone);
        }
    }

    private StoredObject DeleteLocked(StoredObject current, DeleteOptions options)
    {
        var resource = current.Resource;
        var obj = current.ToJsonObject();
        var metadata = obj["metadata"]!.AsObject();
        if (current.Terminating)
        {
            // Already going: a pod's grace period may only get shorter; 0 removes it now.
            if (resource == ApiResource.Pods && options.GracePeriodSeconds is { } shorter
                && shorter < (metadata["deletionGracePeriodSeconds"]?.GetValue<long>() ?? long.MaxValue))
            {
                if (shorter == 0) return RemoveNow(current);
                SetDeletion(metadata, shorter);
                return Commit(obj, Modified, current);
            }
            return current;
        }
        if (options.Policy == "Orphan") Orphan(current);
        var foreground = options.Policy == "Foreground" && DependentsOf(current.Uid).Count > 0;
        if (resource == ApiResource.Pods && obj["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 })
        {
            var grace = options.GracePeriodSeconds ?? obj["spec"]?["terminationGracePeriodSeconds"]?.GetValue<long>() ?? 30;
            if (grace > 0)
            {
                SetDeletion(metadata, grace);
                if (foreground) AddFinalizer(metadata, ForegroundFinalizer);
                var terminating = Commit(obj, Modified, current);
                if (foreground) DeleteDependents(terminating);
                return terminating;
            }
        }
        if (resource == ApiResource.PersistentVolumeClaims && ClaimInUse(current.Namespace, current.Name))
        {
            SetDeletion(metadata, 0);
            if (foreground) AddFinalizer(metadata, ForegroundFinalizer);
            var protectedClaim = Commit(obj, Modified, current);
            if (foreground) DeleteDependents(protectedClaim);
            return protectedClaim;
        }
        if (foreground)
        {
            SetDeletion(metadata, 0);
            AddFinalizer(metadata, ForegroundFinalizer);
            var owner = Commit(obj, Modified, current);
            DeleteDependents(owner);
            TryCompleteForeground(owner.Uid);
            return byUid.GetValueOrDefault(owner.Uid) ?? owner;
        }
        return RemoveNow(current);
    }

    /// <summary>Removes an object now (DELETED), then runs what follows a removal: garbage collection, foreground owners, claims.</summary>
    private StoredObject RemoveNow(StoredObject current)
    {
        var gone = Commit(current.ToJsonObject(), Deleted, current);
        CollectDependents(current.Uid);
        foreach (var owner in current.OwnerUids) TryCompleteForeground(owner);
        if (current.Resource == ApiResource.Pods) ReleaseClaims(current.Namespace);
        return gone;
    }

    private void SetDeletion(JsonObject metadata, long grace)
    {
        metadata["deletionTimestamp"] = Timestamp(Clock.GetUtcNow().AddSeconds(grace));
        metadata["deletionGracePeriodSeconds"] = grace;
    }

    private static void AddFinalizer(JsonObject metadata, string finalizer)
    {
        var finalizers = metadata["finalizers"] as JsonArray ?? [];
        if (!finalizers.Any(f => f?.GetValue<string>() == finalizer)) finalizers.Add(finalizer);
        metadata["finalizers"] = finalizers.DeepClone();
    }

    private static bool RemoveFinalizer(JsonObject metadata, string finalizer)
    {
        if (metadata["finalizers"] is not JsonArray finalizers) return false;
        var kept = finalizers.Where(f => f?.GetValue<string>() != finalizer).Select(f => (JsonNode?)f!.DeepClone()).ToArray();
        if (kept.Length == finalizers.Count) return false;
        if (kept.Length == 0) metadata.Remove("finalizers");
        else metadata["finalizers"] = new JsonArray(kept);
        return true;
    }

    private static IReadOnlyList<string> Finalizers(JsonObject metadata) =>
        metadata["finalizers"] is JsonArray finalizers ? finalizers.Select(f => f!.GetValue<string>()).ToList() : [];
}

/// <summary>What a delete left: the object's last (or terminating) state, and whether it is gone.</summary>
public sealed record DeleteOutcome(StoredObject Object, bool Gone);
