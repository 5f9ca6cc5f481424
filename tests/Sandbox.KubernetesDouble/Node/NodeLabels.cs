namespace Sandbox.KubernetesDouble.Node;

/// <summary>The labels the node puts on the Docker objects it makes, under its prefix, so that it finds them again.</summary>
internal sealed class NodeLabels(string prefix, string runId)
{
    public string Managed => prefix + "managed";
    public string Run => prefix + "run";
    public string PodUid => prefix + "pod-uid";
    public string Namespace => prefix + "namespace";
    public string Pod => prefix + "pod";
    public string Container => prefix + "container";
    public string Init => prefix + "init";
    public string ClaimUid => prefix + "claim-uid";

    /// <summary>The run's id (what this node instance made).</summary>
    public string RunId => runId;

    /// <summary>The labels every object of this node instance carries, with <paramref name="more"/>.</summary>
    public Dictionary<string, string> Of(params (string Key, string Value)[] more)
    {
        var labels = new Dictionary<string, string> { [Managed] = "true", [Run] = runId };
        foreach (var (key, value) in more)
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>An engine filter on labels (<c>key=value</c> or just <c>key</c>).</summary>
    public static Dictionary<string, IDictionary<string, bool>> Filter(params string[] labels) =>
        new() { ["label"] = labels.ToDictionary(l => l, _ => true) };
}
