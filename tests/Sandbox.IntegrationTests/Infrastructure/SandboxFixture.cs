namespace Sandbox.Testing;

/// <summary>One real orchestrator for a test class, signed in as its admin, with a published dataset <c>shops</c>.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public OrchestratorProcess Orchestrator { get; } = new();

    public SandboxApi Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Orchestrator.StartAsync();
        Admin = await SandboxApi.SignInAsync(Orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        await Admin.PublishDatasetAsync("shops", "1", new Dictionary<string, string>
        {
            ["shops.csv"] = "shop,district,sales\nA,Jung-gu,100\nB,Seo-gu,250\n",
            ["README.txt"] = "Shops of the city, 2026.\n",
        });
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Orchestrator.DisposeAsync();
    }
}
