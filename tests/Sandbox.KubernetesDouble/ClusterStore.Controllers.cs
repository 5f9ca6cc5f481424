using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// The control-plane controllers the double runs in-process, right after the writes that concern them: the garbage
/// collector (owner references), the claim-protection controller, and a volume provisioner that binds claims of known
/// storage classes. The node (scheduling, containers, pod status) is not here: it works on the store from outside.
/// </summary>
public sealed partial class ClusterStore
{
    private void AfterCreate(StoredObject created)
    {
        if (created.Resource == ApiResource.PersistentVolumeClaims) Provision(created);
        CollectIfOrphaned(created);
    }

    private void AfterUpdate(StoredObject updated)
    {
        CollectIfOrphaned(updated);
        if (!objects[updated.Resource].TryGetValue(updated.Key, out var current) || current.Uid != updated.Uid) return;
        var obj = current.ToJsonObject();
        if (current.Resource == ApiResource.Pods)
        {
            if (obj["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed") ReleaseClaims(current.Namespace);
            return;
        }
        // A terminating object whose last finalizer a client removed goes now.
        if (current.Terminating && Finalizers(obj["metadata"]!.AsObject()).Count == 0) RemoveNow(current);
    }

    /// <summary>Garbage collection of an object created or changed with owner references of which none is alive.</summary>
    private void CollectIfOrphaned(StoredObject stored)
    {
        if (stored.OwnerUids.Count == 0 || stored.Terminating) return;
        if (stored.OwnerUids.Any(uid => OwnerAlive(uid, stored.Namespace))) return;
        if (objects[stored.Resource].TryGetValue(stored.Key, out var current) && current.Uid == stored.Uid) DeleteLocked(current, DeleteOptions.Default);
    }

    /// <summary>After an owner is gone: deletes the dependents left with no live owner, and drops the dead reference from the others.</summary>
    private void CollectDependents(string ownerUid)
    {
        foreach (var dependent in DependentsOf(ownerUid))
        {
            if (!objects[dependent.Resource].TryGetValue(dependent.Key, out var current) || current.Uid != dependent.Uid) continue;
            if (current.OwnerUids.Any(uid => OwnerAlive(uid, current.Namespace)))
            {
                var obj = current.ToJsonObject();
                var refs = obj["metadata"]!["ownerReferences"]!.AsArray();
                var alive = refs.Where(r => OwnerAlive(r?["uid"]?.GetValue<string>() ?? "", current.Namespace)).Select(r => r!.DeepClone()).ToArray();
                obj["metadata"]!["ownerReferences"] = new JsonArray(alive);
                Commit(obj, Modified, current);
            }
            else if (!current.Terminating)
            {
                DeleteLocked(current, DeleteOptions.Default);
            }
        }
    }

    /// <summary>Foreground deletion: deletes every dependent of a terminating owner.</summary>
    private void DeleteDependents(StoredObject owner)
    {
        foreach (var dependent in DependentsOf(owner.Uid))
        {
            if (objects[dependent.Resource].TryGetValue(dependent.Key, out var current) && current.Uid == dependent.Uid && !current.Terminating)
            {
                DeleteLocked(current, DeleteOptions.Default);
            }
        }
    }

    /// <summary>Orphan deletion: removes the owner's reference from every dependent.</summary>
    private void Orphan(StoredObject owner)
    {
        foreach (var dependent in DependentsOf(owner.Uid))
        {
            var obj = dependent.ToJsonObject();
            var refs = obj["metadata"]!["ownerReferences"]!.AsArray();
            var kept = refs.Where(r => r?["uid"]?.GetValue<string>() != owner.Uid).Select(r => r!.DeepClone()).ToArray();
            if (kept.Length == 0) obj["metadata"]!.AsObject().Remove("ownerReferences");
            else obj["metadata"]!["ownerReferences"] = new JsonArray(kept);
            Commit(obj, Modified, dependent);
        }
    }

    /// <summary>Ends an owner's foreground deletion once no dependent with <c>blockOwnerDeletion: true</c> is left.</summary>
    private void TryCompleteForeground(string ownerUid)
    {
        if (!byUid.TryGetValue(ownerUid, out var owner) || !owner.Terminating) return;
        var obj = owner.ToJsonObject();
        var metadata = obj["metadata"]!.AsObject();
        if (!Finalizers(metadata).Contains(ForegroundFinalizer)) return;
        if (DependentsOf(ownerUid).Any(d => Blocks(d, ownerUid))) return;
        RemoveFinalizer(metadata, ForegroundFinalizer);
        var remaining = Finalizers(metadata);
        var nodeRuns = owner.Resource == ApiResource.Pods && obj["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 };
        var claimHeld = remaining.Contains(ObjectDefaults.ClaimProtectionFinalizer) && ClaimInUse(owner.Namespace, owner.Name);
        if (nodeRuns || claimHeld || remaining.Any(f => f != ObjectDefaults.ClaimProtectionFinalizer))
        {
            Commit(obj, Modified, owner);
            return;
        }
        RemoveNow(owner);
    }

    private static bool Blocks(StoredObject dependent, string ownerUid)
    {
        using var document = JsonDocument.Parse(dependent.Json);
        if (!document.RootElement.GetProperty("metadata").TryGetProperty("ownerReferences", out var refs)) return false;
        return refs.EnumerateArray().Any(r =>
            r.TryGetProperty("uid", out var uid) && uid.GetString() == ownerUid
            && r.TryGetProperty("blockOwnerDeletion", out var block) && block.ValueKind == JsonValueKind.True);
    }

    private bool OwnerAlive(string uid, string ns) => byUid.TryGetValue(uid, out var owner) && owner.Namespace == ns;

    private List<StoredObject> DependentsOf(string ownerUid) =>
        dependents.TryGetValue(ownerUid, out var keys)
            ? keys.Select(k => objects[k.Resource].GetValueOrDefault(k.Key)).Where(o => o is not null && o.OwnerUids.Contains(ownerUid)).Select(o => o!).ToList()
            : [];

    /// <summary>Whether a pod that has not terminated (phase not Succeeded/Failed) mounts the claim.</summary>
    private bool ClaimInUse(string ns, string claim)
    {
        foreach (var pod in objects[ApiResource.Pods].Values)
        {
            if (pod.Namespace != ns) continue;
            using var document = JsonDocument.Parse(pod.Json);
            var root = document.RootElement;
            if (root.TryGetProperty("status", out var status) && status.TryGetProperty("phase", out var phase) && phase.GetString() is "Succeeded" or "Failed") continue;
            if (!root.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("volumes", out var volumes)) continue;
            foreach (var volume in volumes.EnumerateArray())
            {
                if (volume.TryGetProperty("persistentVolumeClaim", out var source) && source.TryGetProperty("claimName", out var name) && name.GetString() == claim) return true;
            }
        }
        return false;
    }

    /// <summary>Claim protection: removes terminating claims of the namespace that no live pod uses any more.</summary>
    private void ReleaseClaims(string ns)
    {
        var terminating = objects[ApiResource.PersistentVolumeClaims].Values.Where(c => c.Namespace == ns && c.Terminating).ToList();
        foreach (var claim in terminating)
        {
            if (ClaimInUse(ns, claim.Name)) continue;
            var obj = claim.ToJsonObject();
            var metadata = obj["metadata"]!.AsObject();
            RemoveFinalizer(metadata, ObjectDefaults.ClaimProtectionFinalizer);
            if (Finalizers(metadata).Count == 0) RemoveNow(claim);
            else Commit(obj, Modified, claim);
        }
    }

    /// <summary>The provisioner: binds a claim of a known storage class to a volume <c>pvc-{uid}</c>, or records ProvisioningFailed.</summary>
    private void Provision(StoredObject claim)
    {
        var obj = claim.ToJsonObject();
        var storageClass = obj["spec"]?["storageClassName"]?.GetValue<string>();
        if (storageClass is null || !StorageClasses.Contains(storageClass))
        {
            var message = storageClass is null
                ? "no persistent volumes available for this claim and no storage class is set"
                : $"storageclass.storage.k8s.io \"{storageClass}\" not found";
            RecordEventLocked(claim, "Warning", storageClass is null ? "FailedBinding" : "ProvisioningFailed", message, "persistentvolume-controller");
            return;
        }
        var spec = obj["spec"]!.AsObject();
        spec["volumeName"] = "pvc-" + claim.Uid;
        var annotations = obj["metadata"]!["annotations"] as JsonObject ?? [];
        annotations["pv.kubernetes.io/bind-completed"] = "yes";
        annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        obj["metadata"]!["annotations"] = annotations.DeepClone();
        obj["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = spec["accessModes"]?.DeepClone() ?? new JsonArray("ReadWriteOnce"),
            ["capacity"] = new JsonObject { ["storage"] = spec["resources"]?["requests"]?["storage"]?.DeepClone() ?? "1Gi" },
        };
        Commit(obj, Modified, claim);
    }

    /// <summary>Stores an Event about <paramref name="involved"/> as the control plane's components write them.</summary>
    private void RecordEventLocked(StoredObject involved, string type, string reason, string message, string component)
    {
        var now = Timestamp(Clock.GetUtcNow());
        var name = $"{involved.Name}.{Clock.GetUtcNow().UtcTicks:x}";
        while (objects[ApiResource.Events].ContainsKey(involved.Namespace + "/" + name)) name += "0";
        var ev = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = involved.Namespace, ["uid"] = Guid.NewGuid().ToString(), ["creationTimestamp"] = now },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = involved.Resource.Kind,
                ["namespace"] = involved.Namespace,
                ["name"] = involved.Name,
                ["uid"] = involved.Uid,
                ["apiVersion"] = involved.Resource.ApiVersion,
                ["resourceVersion"] = involved.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["type"] = type,
            ["reportingComponent"] = component,
        };
        Commit(ev, Added, null);
    }
}
