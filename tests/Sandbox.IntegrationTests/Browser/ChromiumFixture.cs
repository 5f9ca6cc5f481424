using Sandbox.Testing.Browser;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>One headless Chromium for a test class; each test isolates its cookies in a context of its own.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public ChromiumBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync() => Browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
    }
}
