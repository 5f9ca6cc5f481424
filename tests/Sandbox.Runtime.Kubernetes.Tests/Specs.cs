using System.Net;

namespace Sandbox.Runtime.Kubernetes.Tests;

/// <summary>The specs, options and names the unit tests build manifests from.</summary>
internal static class Specs
{
    public static readonly InstallationIdentity Installation = new("inst0example", AdoptsUnlabelled: false);

    public const string DatasetImage = "registry.test:5000/sandbox-data/shops@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static KubernetesRuntimeOptions Options(Action<KubernetesRuntimeOptions>? change = null)
    {
        var options = new KubernetesRuntimeOptions();
        change?.Invoke(options);
        return options;
    }

    public static KubernetesNames Names(KubernetesRuntimeOptions? options = null) => new(options ?? Options(), Installation);

    public static RuntimeSpec Cpu(IReadOnlyList<DatasetMount>? datasets = null, EgressPolicy? egress = null) => new(
        "s0000000000000042",
        "member-7",
        "sandbox/python-notebook:1",
        ["start-notebook.py", "--ServerApp.port=8888"],
        new Dictionary<string, string> { ["SANDBOX_SESSION"] = "s0000000000000042", ["A_FIRST"] = "1" },
        new ResourceLimits(Cpu: 1.5m, MemoryGiB: 2m, Pids: 256, Gpu: 0),
        new HomeVolume("member-7", "/home/jovyan"),
        datasets ?? [],
        8888)
    {
        Secrets = new Dictionary<string, string> { ["JUPYTER_TOKEN"] = "token-for-tests" },
        Egress = egress ?? EgressPolicy.None,
    };

    public static RuntimeSpec Gpu() => Cpu() with { Limits = new ResourceLimits(Cpu: 8m, MemoryGiB: 30.5m, Pids: 1024, Gpu: 2) };

    public static RuntimeSpec WithDatasets() => Cpu(
    [
        new DatasetMount("shops", "3", DatasetImage, "/data/shops") { Digest = "sha256:" + new string('a', 64) },
        new DatasetMount("weather", "1", DatasetImage.Replace("shops", "weather", StringComparison.Ordinal), "/data/weather"),
    ]);

    public static EgressPolicy InternetAndMirror() =>
        new(true, [new EgressDestination(IPNetwork.Parse("10.2.0.5/32"), 3128), new EgressDestination(IPNetwork.Parse("192.168.7.0/24"), null)]);
}
