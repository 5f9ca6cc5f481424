using System.Text.Json.Nodes;

namespace Sandbox.Deploy.Tests;

/// <summary>validate.mjs refuses what the API server would refuse, naming the document.</summary>
public sealed class ValidatorTests
{
    [Fact]
    public async Task A_deployment_with_a_wrongly_typed_field_is_caught_and_named()
    {
        var rendered = await KubernetesOverlays.RenderAsync("production");
        var deployment = rendered.Single("Deployment", "sandbox-orchestrator").DeepClone().AsObject();
        deployment["spec"]!["replicas"] = "two";
        var valid = rendered.Single("Service", "sandbox-orchestrator").ToJsonString();

        var run = await ManifestScripts.ValidateAsync($"{valid}\n---\n{deployment.ToJsonString()}\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("-#1 apps/v1/Deployment sandbox-orchestrator: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("replicas must be integer", run.Error, StringComparison.Ordinal);
        Assert.Equal("2 documents, 1 invalid", run.Output.Trim());
    }

    [Fact]
    public async Task A_bad_enum_value_a_missing_required_field_and_an_unknown_kind_are_each_caught()
    {
        var rendered = await KubernetesOverlays.RenderAsync("dev");
        var policy = rendered.Single("NetworkPolicy", "default-deny").DeepClone().AsObject();
        policy["spec"]!["policyTypes"] = new JsonArray("Ingress", "Sideways");
        var binding = rendered.Single("RoleBinding", "sandbox-orchestrator").DeepClone().AsObject();
        binding.Remove("roleRef");
        const string unknown = """{"apiVersion":"sandbox.coop/v1","kind":"Notebook","metadata":{"name":"x"}}""";

        var run = await ManifestScripts.ValidateAsync(string.Join("\n---\n", policy.ToJsonString(), binding.ToJsonString(), unknown));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NetworkPolicy default-deny: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("RoleBinding sandbox-orchestrator: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("roleRef", run.Error, StringComparison.Ordinal);
        Assert.Contains("sandbox.coop/v1/Notebook x: unknown apiVersion/kind", run.Error, StringComparison.Ordinal);
        Assert.Equal("3 documents, 3 invalid", run.Output.Trim());
    }

    [Fact]
    public async Task Text_that_is_not_YAML_fails()
    {
        var run = await ManifestScripts.ValidateAsync("apiVersion: v1\nkind: [Service\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not YAML", run.Error, StringComparison.Ordinal);
    }
}
