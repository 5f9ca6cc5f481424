using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Infrastructure;

/// <summary>Sessions on the local Docker engine (the default provider), seen through the containers' labels.</summary>
public sealed class DockerRuntimeKind : SessionRuntimeKind
{
    public static DockerRuntimeKind Instance { get; } = new();

    public override OrchestratorProcess NewOrchestrator(IReadOnlyDictionary<string, string>? settings = null) => new(settings);

    public override async Task<IReadOnlyList<SessionSandbox>> SandboxesAsync(OrchestratorProcess orchestrator) =>
        Sandboxes(orchestrator, await DockerEngine.ContainersAsync(
            [orchestrator.LabelPrefix + "managed=true", $"{orchestrator.LabelPrefix}installation={orchestrator.InstallationId}"]));

    public override async Task<IReadOnlyList<SessionSandbox>> SandboxesOfAsync(OrchestratorProcess orchestrator, string sessionId) =>
        Sandboxes(orchestrator, await DockerEngine.ContainersAsync($"{orchestrator.LabelPrefix}session={sessionId}"));

    public override async Task<string> StartOrphanAsync(OrchestratorProcess orchestrator, string sessionId, string installationId)
    {
        await DockerEngine.StartOrphanAsync(orchestrator.LabelPrefix, orchestrator.RunId, sessionId, installationId);
        return $"sandbox-it-{orchestrator.RunId}-orphan-{sessionId}";
    }

    public override async Task<bool> SandboxExistsAsync(OrchestratorProcess orchestrator, string name) =>
        (await DockerEngine.ContainersAsync(orchestrator.LabelPrefix + "managed=true")).Any(c => c.Name == name && c.State == "running");

    public override Task RemoveSandboxAsync(OrchestratorProcess orchestrator, string name) => DockerEngine.RemoveContainerAsync(name);

    public override async Task AssertStoppedCleanAsync(OrchestratorProcess orchestrator, string sessionId) =>
        Assert.Empty(await DockerEngine.ContainersAsync($"{orchestrator.LabelPrefix}session={sessionId}"));

    private static List<SessionSandbox> Sandboxes(OrchestratorProcess orchestrator, IReadOnlyList<(string Name, Dictionary<string, string> Labels, string State)> containers) =>
        containers.Select(c => new SessionSandbox(c.Name, c.Labels.GetValueOrDefault(orchestrator.LabelPrefix + "session", ""), c.State == "running")).ToList();
}
