using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// The names and labels one installation uses in the sessions' namespace: every name carries the installation id and
/// every object its installation label, so two installations sharing a namespace never touch each other's objects
/// (<see cref="InstallationIdentity.AdoptsUnlabelled"/> does not apply: nothing older than installation ids runs on
/// Kubernetes). Pure.
/// </summary>
internal sealed class KubernetesNames(KubernetesRuntimeOptions options, InstallationIdentity installation)
{
    /// <summary>The label and annotation keys.</summary>
    public KubernetesLabels Labels { get; } = new(options.LabelPrefix);

    /// <summary>The installation these names belong to.</summary>
    public InstallationIdentity Installation => installation;

    /// <summary>The label selector of this installation's session pods (and secrets).</summary>
    public string SessionSelector => $"{Labels.Installation}={installation.Id},{Labels.Session}";

    /// <summary>The network policy every session pod of the installation falls under (ingress, cluster DNS).</summary>
    public string SessionsPolicyName => $"sbx-{installation.Id}-sessions";

    /// <summary>
    /// The session's pod: <c>sbx-{installation}-{session}</c>. Session ids are lowercase letters and digits; anything
    /// else is refused as <c>invalid_spec</c> rather than mangled (two sessions must never share a pod name).
    /// </summary>
    public string PodNameOf(string sessionId)
    {
        var stem = $"sbx-{installation.Id}-";
        var longest = 63 - "-token".Length - stem.Length;
        if (sessionId.Length == 0 || sessionId.Length > longest || !sessionId.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9')
            || sessionId[0] == '-' || sessionId[^1] == '-')
        {
            throw new RuntimeException("invalid_spec", $"The session id '{sessionId}' cannot name a pod (lowercase letters and digits, at most {longest} characters).");
        }

        var name = stem + sessionId;

        return name;
    }

    /// <summary>The session's secret (its Jupyter token): the pod's name and <c>-token</c>.</summary>
    public string SecretNameOf(string sessionId) => PodNameOf(sessionId) + "-token";

    /// <summary>The member's home claim: <c>home-{installation}-{member key}</c>.</summary>
    public string HomeClaimNameOf(HomeVolume home) => $"home-{installation.Id}-{MemberKey(home.Name)}";

    /// <summary>The network policy of one egress policy: <c>sbx-{installation}-egress-{key}</c>.</summary>
    public string EgressPolicyNameOf(string egressKey) => $"sbx-{installation.Id}-egress-{egressKey}";

    /// <summary>
    /// A member id as a label value and part of a name: the id itself when it is short lowercase letters, digits and
    /// '-', else <c>m-</c> and 20 hex digits of its SHA-256 (ids with capitals or other characters, which a name cannot hold).
    /// </summary>
    public static string MemberKey(string memberId)
    {
        if (memberId.Length is > 0 and <= 36
            && memberId.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
            && memberId[0] != '-' && memberId[^1] != '-')
        {
            return memberId;
        }

        return "m-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(memberId)))[..20];
    }

    /// <summary>
    /// An egress policy as a label value: <c>none</c> for <see cref="EgressPolicy.None"/>, else <c>e-</c> and 12 hex
    /// digits of the SHA-256 of its text (the same policy always gets the same key, on every orchestrator).
    /// </summary>
    public static string EgressKey(EgressPolicy policy) =>
        policy.Equals(EgressPolicy.None) ? "none" : "e-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policy.ToString())))[..12];

    /// <summary>The labels of everything made for the installation.</summary>
    public Dictionary<string, string> InstallationLabels() => new(StringComparer.Ordinal)
    {
        [KubernetesLabels.ManagedBy] = KubernetesLabels.ManagedByValue,
        [Labels.Installation] = installation.Id,
    };

    /// <summary>The labels of a session's pod and secret.</summary>
    public Dictionary<string, string> SessionLabels(RuntimeSpec spec, string egressKey)
    {
        var labels = InstallationLabels();
        labels[Labels.Session] = spec.SessionId;
        labels[Labels.Member] = MemberKey(spec.MemberId);
        labels[Labels.Egress] = egressKey;
        return labels;
    }

    /// <summary>Whether labels say an object belongs to this installation and to <paramref name="sessionId"/>.</summary>
    public bool IsSessions(IDictionary<string, string>? labels, string sessionId) =>
        labels is not null
        && labels.TryGetValue(Labels.Installation, out var owner) && owner == installation.Id
        && labels.TryGetValue(Labels.Session, out var session) && session == sessionId;
}
