using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;
using Xunit.Abstractions;

namespace Sandbox.IntegrationTests.Culling;

/// <summary>
/// Idle culling on the real notebook image with the timeouts of <see cref="CullingFixture"/>, written once and run on each
/// runtime (<see cref="IdleCullingTests"/> on Docker, <see cref="Kubernetes.KubernetesIdleCullingTests"/> on the test cluster).
/// </summary>
public abstract class IdleCullingScenarios(ITestOutputHelper output)
{
    protected static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Scheduling slack on a loaded two-core machine, beyond the check interval.</summary>
    protected static readonly TimeSpan Slack = TimeSpan.FromSeconds(8);

    /// <summary>The test's output.</summary>
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Where the sessions run.</summary>
    protected abstract SessionRuntimeKind Runtime { get; }

    /// <summary>A started orchestrator with <see cref="CullingFixture.Settings"/>, and its admin.</summary>
    protected abstract Task<(OrchestratorProcess Orchestrator, SandboxApi Admin)> CullingOrchestratorAsync();

    [Fact]
    public async Task An_idle_notebook_is_warned_then_culled_with_reason_idle_and_its_sandbox_removed()
    {
        var (orchestrator, admin) = await CullingOrchestratorAsync();
        var (analyst, analystId) = await admin.CreateMemberAsync("idle-analyst");
        using var _ = analyst;
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");
        var readyAt = running.GetProperty("readyAt").GetDateTimeOffset();

        // The owner's own status checks through the proxy are not use (Jupyter does not count api/status).
        for (var i = 0; i < 3; i++)
        {
            (await analyst.Http.GetAsync($"/s/{id}/api/status")).EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(3)); // the passing time is the behaviour under test: idle but for status checks
        }

        var stopped = await analyst.WaitForStateAsync(id, CullingFixture.IdleTimeout + CullingFixture.CheckInterval + Slack + TimeSpan.FromSeconds(10), "stopped", "failed");

        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        Assert.Equal("idle", stopped.GetProperty("reason").GetString());
        var ranFor = stopped.GetProperty("endedAt").GetDateTimeOffset() - readyAt;
        Output.WriteLine($"culled {ranFor.TotalSeconds:0.0} s after ready (idle timeout {CullingFixture.IdleTimeout.TotalSeconds} s)");
        Assert.InRange(ranFor, CullingFixture.IdleTimeout, CullingFixture.IdleTimeout + CullingFixture.CheckInterval + Slack);
        await Runtime.AssertStoppedCleanAsync(orchestrator, id);
        Assert.Contains($"Warned the owner of session {id}: idle_warning", orchestrator.Tail(2000), StringComparison.Ordinal);

        var audit = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=session.stop_requested")).EnumerateArray()
            .Single(e => e.GetProperty("subject").GetString() == id);
        Assert.Equal(JsonValueKind.Null, audit.GetProperty("actor").ValueKind);
        Assert.Equal("idle", audit.GetProperty("detail").GetProperty("reason").GetString());
        Assert.Equal(analystId, audit.GetProperty("detail").GetProperty("owner").GetString());
    }
}
