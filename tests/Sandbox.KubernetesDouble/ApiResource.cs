namespace Sandbox.KubernetesDouble;

/// <summary>
/// A kind the double serves: its plural name in paths, its kind and API group/version on objects and lists, and what the
/// real API server answers for it when a delete ends (the object for pods and claims, a Status for the rest).
/// </summary>
public sealed record ApiResource(string Plural, string Kind, string Group, string Version, bool DeleteReturnsObject)
{
    /// <summary>Core v1 pods.</summary>
    public static readonly ApiResource Pods = new("pods", "Pod", "", "v1", DeleteReturnsObject: true);

    /// <summary>Core v1 secrets.</summary>
    public static readonly ApiResource Secrets = new("secrets", "Secret", "", "v1", DeleteReturnsObject: false);

    /// <summary>Core v1 persistent volume claims.</summary>
    public static readonly ApiResource PersistentVolumeClaims = new("persistentvolumeclaims", "PersistentVolumeClaim", "", "v1", DeleteReturnsObject: true);

    /// <summary>Core v1 events.</summary>
    public static readonly ApiResource Events = new("events", "Event", "", "v1", DeleteReturnsObject: false);

    /// <summary>networking.k8s.io/v1 network policies.</summary>
    public static readonly ApiResource NetworkPolicies = new("networkpolicies", "NetworkPolicy", "networking.k8s.io", "v1", DeleteReturnsObject: false);

    /// <summary>Every kind the double serves.</summary>
    public static IReadOnlyList<ApiResource> All { get; } = [Pods, Secrets, PersistentVolumeClaims, Events, NetworkPolicies];

    /// <summary>The <c>apiVersion</c> of its objects: <c>v1</c> or <c>group/v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The name used in error messages: <c>pods</c>, <c>networkpolicies.networking.k8s.io</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary>The kind of its lists (<c>PodList</c>).</summary>
    public string ListKind => Kind + "List";

    /// <summary>The kind with the given plural name, or null.</summary>
    public static ApiResource? Find(string plural) => All.FirstOrDefault(r => r.Plural == plural);

    /// <summary>The kind with the given plural name; throws <see cref="ArgumentException"/> for one the double does not serve.</summary>
    public static ApiResource Require(string plural) =>
        Find(plural) ?? throw new ArgumentException($"The double does not serve '{plural}'.", nameof(plural));
}
