using System.Text;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// What the real API server fills in on a stored object, kind by kind: <c>kind</c>/<c>apiVersion</c> (bodies may come
/// without them), a secret's <c>stringData</c> folded into base64 <c>data</c> and its default type, a pod's defaults
/// (restart policy, grace period, DNS policy, scheduler, pull policies) and its first status (phase Pending, QoS class),
/// a claim's protection finalizer, default storage class and first status (phase Pending).
/// </summary>
public static class ObjectDefaults
{
    /// <summary>The finalizer that keeps a claim while a pod uses it.</summary>
    public const string ClaimProtectionFinalizer = "kubernetes.io/pvc-protection";

    /// <summary>Applies what is filled in on every write (create, replace, patch).</summary>
    public static void OnWrite(ApiResource resource, JsonObject obj)
    {
        obj["kind"] = resource.Kind;
        obj["apiVersion"] = resource.ApiVersion;
        if (resource == ApiResource.Secrets) FoldStringData(obj);
    }

    /// <summary>Applies what is filled in when an object is created.</summary>
    public static void OnCreate(ApiResource resource, JsonObject obj, string? defaultStorageClass)
    {
        if (resource == ApiResource.Secrets) obj["type"] ??= "Opaque";
        if (resource == ApiResource.Pods) DefaultPod(obj);
        if (resource == ApiResource.PersistentVolumeClaims)
        {
            var metadata = obj["metadata"]!.AsObject();
            var finalizers = metadata["finalizers"] as JsonArray ?? [];
            if (!finalizers.Any(f => f?.GetValue<string>() == ClaimProtectionFinalizer)) finalizers.Add(ClaimProtectionFinalizer);
            metadata["finalizers"] = finalizers.DeepClone();
            var spec = obj["spec"] as JsonObject ?? [];
            if (spec["storageClassName"] is null && defaultStorageClass is not null) spec["storageClassName"] = defaultStorageClass;
            spec["volumeMode"] ??= "Filesystem";
            obj["spec"] = spec.DeepClone();
            obj["status"] = new JsonObject { ["phase"] = "Pending" };
        }
    }

    private static void FoldStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData) return;
        var data = secret["data"] as JsonObject ?? [];
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
        }
        secret["data"] = data.DeepClone();
        secret.Remove("stringData");
    }

    private static void DefaultPod(JsonObject pod)
    {
        var spec = pod["spec"]!.AsObject();
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["enableServiceLinks"] ??= true;
        spec["securityContext"] ??= new JsonObject();
        foreach (var container in (spec["containers"] as JsonArray ?? []).Concat(spec["initContainers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = container["image"]?.GetValue<string>() ?? "";
            var tagged = image.Contains('@', StringComparison.Ordinal) || (image.LastIndexOf(':') > image.LastIndexOf('/') && !image.EndsWith(":latest", StringComparison.Ordinal));
            container["imagePullPolicy"] ??= tagged ? "IfNotPresent" : "Always";
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
        }
        var status = pod["status"] as JsonObject ?? [];
        status["phase"] = "Pending";
        status["qosClass"] = QosClass(spec);
        pod["status"] = status.DeepClone();
    }

    private static string QosClass(JsonObject spec)
    {
        var containers = (spec["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var any = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var limits = container["resources"]?["limits"] as JsonObject;
            var requests = container["resources"]?["requests"] as JsonObject;
            any |= (limits?.Count ?? 0) > 0 || (requests?.Count ?? 0) > 0;
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var limit = limits?[resource]?.ToString();
                var request = requests?[resource]?.ToString() ?? limit;
                if (limit is null || request != limit) guaranteed = false;
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
