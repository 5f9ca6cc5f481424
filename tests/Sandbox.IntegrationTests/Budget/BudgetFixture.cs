using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Budget;

/// <summary>
/// A real orchestrator sweeping budgets every 2 s, with no reservation at launch (admission would otherwise hold back an
/// hour at the test's price, far above the budget).
/// </summary>
public sealed class BudgetFixture : IAsyncLifetime
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    public OrchestratorProcess Orchestrator { get; } = new(new Dictionary<string, string>
    {
        ["Sandbox__Sweep__Interval"] = "00:00:02",
        ["Sandbox__Quotas__BudgetReservation"] = "00:00:00",
    });

    public SandboxApi Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Orchestrator.StartAsync();
        Admin = await SandboxApi.SignInAsync(Orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Orchestrator.DisposeAsync();
    }
}
