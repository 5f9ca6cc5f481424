namespace Sandbox.Testing.Browser;

/// <summary>
/// An isolated profile inside the browser (like an incognito window): its own cookie jar and storage, so each test
/// signs in without seeing the cookies of another.
/// </summary>
public sealed class BrowserContext : IAsyncDisposable
{
    private readonly CdpConnection _connection;
    private readonly CdpSession _browser;

    internal BrowserContext(CdpConnection connection, CdpSession browser, string id)
    {
        _connection = connection;
        _browser = browser;
        Id = id;
    }

    public string Id { get; }

    public Task<BrowserPage> NewPageAsync() => BrowserPage.OpenAsync(_connection, _browser, Id);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.SendAsync("Target.disposeBrowserContext", new { browserContextId = Id }, TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is CdpException or TimeoutException)
        {
            // The browser is already gone or closing, and its contexts with it.
        }
    }
}
