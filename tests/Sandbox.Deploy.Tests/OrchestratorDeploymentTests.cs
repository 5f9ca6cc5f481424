using System.Text.Json.Nodes;

namespace Sandbox.Deploy.Tests;

/// <summary>The orchestrator's Deployment: confined containers, probes, its settings, and disruptions it survives.</summary>
public sealed class OrchestratorDeploymentTests
{
    public static TheoryData<string> Overlays => new(KubernetesOverlays.Names);

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_container_runs_non_root_without_capabilities_on_a_read_only_root_with_probes_and_resources(string overlay)
    {
        var rendered = await KubernetesOverlays.RenderAsync(overlay);
        var pod = PodSpec(rendered);

        Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]!["seccompProfile"]!["type"]);
        var podNonRoot = (bool?)pod["securityContext"]!["runAsNonRoot"] == true;
        var containers = Containers(pod, "containers").Concat(Containers(pod, "initContainers")).ToList();
        Assert.NotEmpty(containers);
        Assert.All(containers, container =>
        {
            var name = (string?)container["name"];
            var security = container["securityContext"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{name}: no securityContext");
            Assert.True(podNonRoot || (bool?)security["runAsNonRoot"] == true, $"{name} may run as root");
            Assert.NotEqual(0, (int?)security["runAsUser"] ?? (int?)pod["securityContext"]!["runAsUser"]);
            Assert.False((bool?)security["allowPrivilegeEscalation"] ?? true, $"{name} may escalate privileges");
            Assert.False((bool?)security["privileged"] ?? false, $"{name} is privileged");
            Assert.True((bool?)security["readOnlyRootFilesystem"] == true, $"{name} has a writable root");
            Assert.Contains("ALL", security["capabilities"]?["drop"]?.AsArray().Select(c => (string?)c) ?? []);
            Assert.Null(security["capabilities"]?["add"]);
            Assert.NotNull(container["resources"]?["requests"]?["memory"]);
            Assert.NotNull(container["resources"]?["limits"]?["memory"]);
        });
        var orchestrator = Assert.Single(Containers(pod, "containers"));
        Assert.Equal("/healthz/ready", (string?)orchestrator["readinessProbe"]?["httpGet"]?["path"]);
        Assert.Equal("/healthz/live", (string?)orchestrator["livenessProbe"]?["httpGet"]?["path"]);
        Assert.Equal("/healthz/live", (string?)orchestrator["startupProbe"]?["httpGet"]?["path"]);
        Assert.Contains(orchestrator["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/tmp");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_settings_choose_the_Kubernetes_runtime_in_the_namespace_the_role_covers_and_every_reference_resolves(string overlay)
    {
        var rendered = await KubernetesOverlays.RenderAsync(overlay);
        var pod = PodSpec(rendered);

        var settings = Settings(rendered);
        Assert.Equal("kubernetes", settings["Sandbox__Runtime__Provider"]);
        Assert.Equal((string?)Assert.Single(rendered.OfKind("Role"))["metadata"]!["namespace"], settings["Sandbox__Kubernetes__Namespace"]);
        Assert.Equal(settings["Sandbox__DataDir"], (string?)Assert.Single(
            Assert.Single(Containers(pod, "containers"))["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "data")!["mountPath"]);
        foreach (var source in Assert.Single(Containers(pod, "containers"))["envFrom"]!.AsArray())
        {
            var (kind, reference) = source!["configMapRef"] is { } map ? ("ConfigMap", map) : ("Secret", source["secretRef"]!);
            Assert.Single(rendered.OfKind(kind), d => (string?)d["metadata"]!["name"] == (string?)reference["name"]);
        }

        var claim = (string?)Assert.Single(pod["volumes"]!.AsArray(), v => (string?)v!["name"] == "data")!["persistentVolumeClaim"]!["claimName"];
        rendered.Single("PersistentVolumeClaim", claim!);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_disruption_budget_never_blocks_a_node_drain_and_keeps_one_replica_serving_when_there_are_several(string overlay)
    {
        var rendered = await KubernetesOverlays.RenderAsync(overlay);
        var replicas = (int)rendered.Single("Deployment", "sandbox-orchestrator")["spec"]!["replicas"]!;

        var budget = rendered.Single("PodDisruptionBudget", "sandbox-orchestrator")["spec"]!;
        var allowedDown = budget["minAvailable"] is { } min ? replicas - (int)min : (int)budget["maxUnavailable"]!;
        Assert.True(allowedDown >= 1, $"{replicas} replica(s) and this budget allow no eviction: a node drain would wait forever");
        if (replicas >= 2)
        {
            Assert.True(replicas - allowedDown >= 1, "no replica is kept serving during a drain");
        }
    }

    [Fact]
    public async Task Production_runs_several_replicas_on_PostgreSQL_with_a_shared_data_folder_and_the_key_ring_in_the_store()
    {
        var rendered = await KubernetesOverlays.RenderAsync("production");

        Assert.True((int)rendered.Single("Deployment", "sandbox-orchestrator")["spec"]!["replicas"]! >= 2);
        Assert.Equal("postgres", Settings(rendered)["Sandbox__Store__Provider"]);
        Assert.NotNull(rendered.SingleGenerated("Secret", "sandbox-store")["data"]!["Sandbox__Store__ConnectionString"]);
        Assert.Equal(["ReadWriteMany"], rendered.Single("PersistentVolumeClaim", "sandbox-data")["spec"]!["accessModes"]!.AsArray().Select(m => (string?)m));
        Assert.Equal(1, (int?)rendered.Single("PodDisruptionBudget", "sandbox-orchestrator")["spec"]!["minAvailable"]);

        // The key ring lives in the store, encrypted with a certificate mounted read-only from its secret (PostgreSQL refuses to start without).
        Assert.Equal("/etc/sandbox/key-ring/key-ring.pfx", Settings(rendered)["Sandbox__KeyRing__CertificatePath"]);
        Assert.NotNull(rendered.SingleGenerated("Secret", "sandbox-key-ring-certificate")["data"]!["key-ring.pfx"]);
        Assert.NotNull(rendered.SingleGenerated("Secret", "sandbox-key-ring-password")["data"]!["Sandbox__KeyRing__CertificatePassword"]);
        var pod = rendered.Single("Deployment", "sandbox-orchestrator")["spec"]!["template"]!["spec"]!;
        var volume = Assert.Single(pod["volumes"]!.AsArray(), v => (string?)v!["name"] == "key-ring")!;
        Assert.StartsWith("sandbox-key-ring-certificate-", (string?)volume["secret"]!["secretName"], StringComparison.Ordinal);
        var mount = Assert.Single(pod["containers"]![0]!["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "key-ring")!;
        Assert.Equal(("/etc/sandbox/key-ring", true), ((string?)mount["mountPath"], (bool?)mount["readOnly"] == true));
    }

    [Fact]
    public async Task Development_runs_one_replica_on_SQLite_and_replaces_it_rather_than_rolling()
    {
        var rendered = await KubernetesOverlays.RenderAsync("dev");
        var spec = rendered.Single("Deployment", "sandbox-orchestrator")["spec"]!;

        Assert.Equal(1, (int)spec["replicas"]!);
        Assert.Equal("Recreate", (string?)spec["strategy"]!["type"]);
        Assert.Equal("sqlite", Settings(rendered)["Sandbox__Store__Provider"]);
        Assert.DoesNotContain(rendered.OfKind("Secret"), s => ((string?)s["metadata"]!["name"])!.StartsWith("sandbox-store", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gpu_overlay_offers_a_GPU_size_and_tells_the_adapter_where_GPU_sessions_go()
    {
        var settings = Settings(await KubernetesOverlays.RenderAsync("gpu"));

        Assert.Equal("1", settings["Sandbox__Sizes__gpu__Gpu"]);
        Assert.Contains(settings, s => s.Key.StartsWith("Sandbox__Kubernetes__Gpu__NodeSelector__", StringComparison.Ordinal));
        Assert.Equal("nvidia.com/gpu", settings["Sandbox__Kubernetes__Gpu__Tolerations__0__Key"]);
        Assert.Equal("postgres", settings["Sandbox__Store__Provider"]);
    }

    internal static Dictionary<string, string?> Settings(RenderedOverlay rendered) =>
        rendered.SingleGenerated("ConfigMap", "sandbox-orchestrator")["data"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);

    private static JsonObject PodSpec(RenderedOverlay rendered) =>
        rendered.Single("Deployment", "sandbox-orchestrator")["spec"]!["template"]!["spec"]!.AsObject();

    private static IEnumerable<JsonObject> Containers(JsonObject pod, string field) =>
        pod[field]?.AsArray().Select(c => c!.AsObject()) ?? [];
}
