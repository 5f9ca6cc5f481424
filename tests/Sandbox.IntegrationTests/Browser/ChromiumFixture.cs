namespace Sandbox.IntegrationTests.Browser;

/// <summary>One headless Chromium for a test class; each test isolates its cookies in a context of its own.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public SystemChromium Browser { get; private set; } = null!;

    public async Task InitializeAsync() => Browser = await SystemChromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
    }
}
