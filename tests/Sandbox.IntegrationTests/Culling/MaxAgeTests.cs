using Sandbox.Testing;
using Xunit.Abstractions;

namespace Sandbox.IntegrationTests.Culling;

/// <summary>Maximum age per tier on the real engine: non-members' sessions stop at 25 s however they are used.</summary>
public sealed class MaxAgeTests(CullingFixture fixture, ITestOutputHelper output) : IClassFixture<CullingFixture>
{
    [Fact]
    public async Task A_non_members_session_stops_with_reason_max_age_at_its_tiers_maximum_age()
    {
        var orchestrator = fixture.Orchestrator;
        var (guest, _) = await fixture.Admin.CreateMemberAsync("guest", "non_member");
        using var _ = guest;
        var id = (await guest.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await guest.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");
        var readyAt = running.GetProperty("readyAt").GetDateTimeOffset();

        var stopped = await guest.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped", "failed");

        output.WriteLine($"stopped {(stopped.GetProperty("endedAt").GetDateTimeOffset() - readyAt).TotalSeconds:0.0} s after ready (maximum age {CullingFixture.NonMemberMaxAge.TotalSeconds} s)");
        Assert.Equal("max_age", stopped.GetProperty("reason").GetString());
        Assert.InRange(stopped.GetProperty("endedAt").GetDateTimeOffset() - readyAt,
            CullingFixture.NonMemberMaxAge, CullingFixture.NonMemberMaxAge + CullingFixture.CheckInterval + TimeSpan.FromSeconds(8));
        Assert.Contains($"Warned the owner of session {id}: max_age_warning", orchestrator.Tail(2000), StringComparison.Ordinal);
        Assert.Empty(await DockerEngine.ContainersAsync($"{orchestrator.LabelPrefix}session={id}"));
    }
}
