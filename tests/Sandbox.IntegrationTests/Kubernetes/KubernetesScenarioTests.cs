using Sandbox.IntegrationTests.Culling;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.IntegrationTests.Sweeps;
using Sandbox.Testing;
using Xunit.Abstractions;

namespace Sandbox.IntegrationTests.Kubernetes;

/// <summary>The session lifecycle scenarios (<see cref="SessionLifecycleScenarios"/>) on the Kubernetes test cluster.</summary>
[Collection(KubernetesTestGroup.Name)]
public sealed class KubernetesSessionLifecycleTests(KubernetesClusterFixture cluster) : SessionLifecycleScenarios
{
    protected override SessionRuntimeKind Runtime => cluster.Runtime;
}

/// <summary>The crash-recovery scenarios (<see cref="CrashRecoveryScenarios"/>) on the Kubernetes test cluster.</summary>
[Collection(KubernetesTestGroup.Name)]
public sealed class KubernetesCrashRecoveryTests(KubernetesClusterFixture cluster) : CrashRecoveryScenarios
{
    protected override SessionRuntimeKind Runtime => cluster.Runtime;
}

/// <summary>The orphan sweep (<see cref="SweepScenarios"/>) on the Kubernetes test cluster.</summary>
[Collection(KubernetesTestGroup.Name)]
public sealed class KubernetesSweepTests(KubernetesClusterFixture cluster) : SweepScenarios
{
    protected override SessionRuntimeKind Runtime => cluster.Runtime;
}

/// <summary>Idle culling (<see cref="IdleCullingScenarios"/>) on the Kubernetes test cluster, with an orchestrator per test.</summary>
[Collection(KubernetesTestGroup.Name)]
public sealed class KubernetesIdleCullingTests(KubernetesClusterFixture cluster, ITestOutputHelper output) : IdleCullingScenarios(output), IAsyncLifetime
{
    private OrchestratorProcess? _orchestrator;
    private SandboxApi? _admin;

    protected override SessionRuntimeKind Runtime => cluster.Runtime;

    protected override async Task<(OrchestratorProcess Orchestrator, SandboxApi Admin)> CullingOrchestratorAsync()
    {
        _orchestrator = cluster.Runtime.NewOrchestrator(CullingFixture.Settings);
        await _orchestrator.StartAsync();
        _admin = await SandboxApi.SignInAsync(_orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        return (_orchestrator, _admin);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        if (_orchestrator is not null)
        {
            await _orchestrator.DisposeAsync();
        }
    }
}
