using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Infrastructure;

/// <summary>One sandbox a runtime holds for a session: its name (container or pod), its session, and whether it runs.</summary>
public sealed record SessionSandbox(string Name, string SessionId, bool Running);

/// <summary>
/// Where an integration scenario's sessions run, seen from the test: the local Docker engine or the Kubernetes test
/// cluster. The scenarios (<c>*Scenarios</c> classes) are written once against this and run once per kind.
/// </summary>
public abstract class SessionRuntimeKind
{
    /// <summary>An orchestrator (not started) on this runtime with <paramref name="settings"/> on top of the harness's.</summary>
    public abstract OrchestratorProcess NewOrchestrator(IReadOnlyDictionary<string, string>? settings = null);

    /// <summary>Every session sandbox of the orchestrator's installation.</summary>
    public abstract Task<IReadOnlyList<SessionSandbox>> SandboxesAsync(OrchestratorProcess orchestrator);

    /// <summary>The sandboxes of one session.</summary>
    public abstract Task<IReadOnlyList<SessionSandbox>> SandboxesOfAsync(OrchestratorProcess orchestrator, string sessionId);

    /// <summary>
    /// Starts a sandbox with the labels of <paramref name="installationId"/> for <paramref name="sessionId"/>, as a crash
    /// leaves one behind (a container or a pod the store knows nothing of). Returns its name.
    /// </summary>
    public abstract Task<string> StartOrphanAsync(OrchestratorProcess orchestrator, string sessionId, string installationId);

    /// <summary>Whether the sandbox named <paramref name="name"/> (of any installation) still exists and is not being removed.</summary>
    public abstract Task<bool> SandboxExistsAsync(OrchestratorProcess orchestrator, string name);

    /// <summary>Removes a sandbox this test made for another installation (nothing of this installation's clean-up takes it).</summary>
    public abstract Task RemoveSandboxAsync(OrchestratorProcess orchestrator, string name);

    /// <summary>
    /// Waits (with a deadline) until a stopped session has left nothing but what outlives it, and checks it: no
    /// sandbox; on Kubernetes also no secret, while the member's home claim stays.
    /// </summary>
    public abstract Task AssertStoppedCleanAsync(OrchestratorProcess orchestrator, string sessionId);
}
