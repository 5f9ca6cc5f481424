using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Culling;

/// <summary>
/// A real orchestrator with culling in seconds instead of hours: members' notebooks are culled after 20 s idle (warned
/// at 10 s), checked every 2 s; non-members' are never idle-culled but stop at 25 s of age.
/// </summary>
public sealed class CullingFixture : IAsyncLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan NonMemberMaxAge = TimeSpan.FromSeconds(25);

    /// <summary>The culling settings, for an orchestrator on any runtime.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Sandbox__Culling__IdleTimeout"] = "00:00:20",
        ["Sandbox__Culling__WarnBefore"] = "00:00:10",
        ["Sandbox__Culling__CheckInterval"] = "00:00:02",
        ["Sandbox__Culling__Tiers__non_member__IdleTimeout"] = "01:00:00",
        ["Sandbox__Culling__Tiers__non_member__MaxAge"] = "00:00:25",

        // Each check's reading in the log, to tell a wrong cull from a slow machine when a test fails.
        ["Logging__LogLevel__Sandbox.Orchestrator.Culling"] = "Debug",
    };

    public OrchestratorProcess Orchestrator { get; } = new(Settings);

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
