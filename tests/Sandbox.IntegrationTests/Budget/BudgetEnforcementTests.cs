using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;
using Xunit.Abstractions;

namespace Sandbox.IntegrationTests.Budget;

/// <summary>
/// Budget enforcement while a session runs, on the real engine: a member whose budget runs out at 1,000 KRW a second is
/// warned at 80 % and stopped with reason <c>budget_exhausted</c> within one sweep interval of reaching 100 %.
/// </summary>
public sealed class BudgetEnforcementTests(BudgetFixture fixture, ITestOutputHelper output) : IClassFixture<BudgetFixture>
{
    private const decimal Budget = 20_000m;
    private const decimal KrwPerSecond = 1_000m;

    [Fact]
    public async Task A_running_session_is_stopped_with_reason_budget_exhausted_within_one_sweep_of_the_budget_running_out()
    {
        // 1. A member with a 20,000 KRW budget, and from now on a member CPU hour costs 3,600,000 KRW (1,000 KRW a second).
        var (analyst, analystId) = await fixture.Admin.CreateMemberAsync("spender");
        using var _ = analyst;
        (await fixture.Admin.Http.PatchAsJsonAsync($"/api/v1/members/{analystId}", new { monthlyBudgetKrw = Budget })).EnsureSuccessStatusCode();
        var priceFrom = DateTimeOffset.UtcNow.AddSeconds(2);
        var card = await fixture.Admin.Http.PostAsJsonAsync("/api/v1/rate-cards", new
        {
            tier = "member",
            effectiveFrom = priceFrom.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            krwPerHour = new { cpu = KrwPerSecond * 3600, memoryGiB = 0, gpu = 0 },
        });
        Assert.Equal(HttpStatusCode.Created, card.StatusCode);

        // 2. A one-CPU session runs.
        var id = (await analyst.LaunchAsync("python", "small")).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{fixture.Orchestrator.Tail()}");
        var readyAt = running.GetProperty("readyAt").GetDateTimeOffset();

        // 3. It is stopped for the budget, at most one sweep (plus scheduling slack) after the budget ran out.
        var stopped = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped", "failed");
        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        Assert.Equal("budget_exhausted", stopped.GetProperty("reason").GetString());
        var ranOutAt = (readyAt > priceFrom ? readyAt : priceFrom) + TimeSpan.FromSeconds((double)(Budget / KrwPerSecond));
        var endedAt = stopped.GetProperty("endedAt").GetDateTimeOffset();
        output.WriteLine($"stopped {(endedAt - ranOutAt).TotalSeconds:0.0} s after the budget ran out (sweep every {BudgetFixture.SweepInterval.TotalSeconds} s)");
        Assert.InRange(endedAt, ranOutAt - TimeSpan.FromSeconds(1), ranOutAt + BudgetFixture.SweepInterval + TimeSpan.FromSeconds(5));

        // 4. Billed exactly to the stop: the month's cost is the budget plus at most that lateness.
        var quota = await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/quota");
        var monthToDate = quota.GetProperty("monthToDateKrw").GetDecimal();
        output.WriteLine($"month to date {monthToDate:0} of {Budget:0} KRW");
        Assert.InRange(monthToDate, Budget, Budget + (KrwPerSecond * 8));

        // 5. Warned at 80 % first, and the stop is audited with the numbers.
        var log = fixture.Orchestrator.Tail(2000);
        var warned = log.IndexOf($"Member {analystId} warned", StringComparison.Ordinal);
        var exhausted = log.IndexOf($"Member {analystId} used up the budget", StringComparison.Ordinal);
        Assert.True(warned >= 0 && exhausted > warned, $"expected a warning before the stop in:\n{log}");
        var audit = (await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=session.stop_requested")).EnumerateArray()
            .Single(e => e.GetProperty("subject").GetString() == id);
        Assert.Equal("budget_exhausted", audit.GetProperty("detail").GetProperty("reason").GetString());
        Assert.Equal(Budget, audit.GetProperty("detail").GetProperty("detail").GetProperty("monthlyBudgetKrw").GetDecimal());
        Assert.Empty(await DockerEngine.ContainersAsync($"{fixture.Orchestrator.LabelPrefix}session={id}"));
    }
}
