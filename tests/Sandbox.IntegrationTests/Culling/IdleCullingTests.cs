using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;
using Xunit.Abstractions;

namespace Sandbox.IntegrationTests.Culling;

/// <summary>Idle culling on the real engine and the real notebook image, with the timeouts of <see cref="CullingFixture"/>.</summary>
public sealed class IdleCullingTests(CullingFixture fixture, ITestOutputHelper output) : IClassFixture<CullingFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Scheduling slack on a loaded two-core machine, beyond the check interval.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task An_idle_notebook_is_warned_then_culled_with_reason_idle_and_its_sandbox_removed()
    {
        var orchestrator = fixture.Orchestrator;
        var (analyst, analystId) = await fixture.Admin.CreateMemberAsync("idle-analyst");
        using var _ = analyst;
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");
        var readyAt = running.GetProperty("readyAt").GetDateTimeOffset();

        // The owner's own status checks through the proxy are not use (Jupyter does not count api/status).
        for (var i = 0; i < 3; i++)
        {
            (await analyst.Http.GetAsync($"/s/{id}/api/status")).EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var stopped = await analyst.WaitForStateAsync(id, CullingFixture.IdleTimeout + CullingFixture.CheckInterval + Slack + TimeSpan.FromSeconds(10), "stopped", "failed");

        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        Assert.Equal("idle", stopped.GetProperty("reason").GetString());
        var ranFor = stopped.GetProperty("endedAt").GetDateTimeOffset() - readyAt;
        output.WriteLine($"culled {ranFor.TotalSeconds:0.0} s after ready (idle timeout {CullingFixture.IdleTimeout.TotalSeconds} s)");
        Assert.InRange(ranFor, CullingFixture.IdleTimeout, CullingFixture.IdleTimeout + CullingFixture.CheckInterval + Slack);
        Assert.Empty(await DockerEngine.ContainersAsync($"{orchestrator.LabelPrefix}session={id}"));
        Assert.Contains($"Warned the owner of session {id}: idle_warning", orchestrator.Tail(2000), StringComparison.Ordinal);

        var audit = (await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=session.stop_requested")).EnumerateArray()
            .Single(e => e.GetProperty("subject").GetString() == id);
        Assert.Equal(JsonValueKind.Null, audit.GetProperty("actor").ValueKind);
        Assert.Equal("idle", audit.GetProperty("detail").GetProperty("reason").GetString());
        Assert.Equal(analystId, audit.GetProperty("detail").GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_notebook_running_a_long_quiet_cell_is_not_culled_and_is_culled_once_the_cell_is_done()
    {
        var orchestrator = fixture.Orchestrator;
        var (analyst, _) = await fixture.Admin.CreateMemberAsync("busy-analyst");
        using var _ = analyst;
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");

        // 1. A cell that sleeps for 45 s, printing nothing: the kernel is busy and quiet, well past the idle timeout.
        await using var kernel = await JupyterKernel.StartAsync(analyst, orchestrator.BaseAddress, id);
        var cell = kernel.ExecuteAsync("import time; time.sleep(45); print('done')", TimeSpan.FromSeconds(120));
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(40);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var session = await analyst.GetSessionAsync(id);
            Assert.True(session.GetProperty("state").GetString() == "running", $"culled while busy: {session}\n{orchestrator.Tail()}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var (printed, error) = await cell;
        var finishedAt = DateTimeOffset.UtcNow;
        Assert.Null(error);
        Assert.Equal("done\n", printed);

        // 2. Done, and its socket left open like a forgotten browser tab: idle from now on, culled after the timeout.
        var stopped = await analyst.WaitForStateAsync(id, CullingFixture.IdleTimeout + CullingFixture.CheckInterval + Slack + TimeSpan.FromSeconds(10), "stopped", "failed");
        Assert.Equal("idle", stopped.GetProperty("reason").GetString());
        output.WriteLine($"culled {(stopped.GetProperty("endedAt").GetDateTimeOffset() - finishedAt).TotalSeconds:0.0} s after the 45 s cell finished");
        Assert.True(stopped.GetProperty("endedAt").GetDateTimeOffset() >= finishedAt + CullingFixture.IdleTimeout - TimeSpan.FromSeconds(1),
            $"culled at {stopped.GetProperty("endedAt")}, cell finished at {finishedAt:O}");
    }
}
