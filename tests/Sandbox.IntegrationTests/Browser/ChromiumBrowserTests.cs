using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sandbox.Testing.Browser;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>The tests' own DevTools client against the real Chromium: values, failures that say what broke, and cleanup.</summary>
public sealed class ChromiumBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Evaluate_returns_values_by_value_and_awaits_promises()
    {
        await using var page = await chromium.Browser.NewPageAsync();

        var value = await page.EvaluateAsync("Promise.resolve({ answer: 6 * 7, list: ['a', 'b'] })");
        Assert.Equal(42, value.GetProperty("answer").GetInt32());
        Assert.Equal(["a", "b"], value.GetProperty("list").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, (await page.EvaluateAsync("undefined")).ValueKind);
    }

    [Fact]
    public async Task A_script_error_or_rejected_promise_comes_back_with_the_pages_own_text()
    {
        await using var page = await chromium.Browser.NewPageAsync();

        var thrown = await Assert.ThrowsAsync<BrowserScriptException>(() => page.EvaluateAsync("null.property"));
        Assert.Contains("TypeError", thrown.Message, StringComparison.Ordinal);
        var rejected = await Assert.ThrowsAsync<BrowserScriptException>(() => page.EvaluateAsync("Promise.reject(new Error('refused by the page'))"));
        Assert.Contains("refused by the page", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_the_browser_refuses_fails_naming_the_command()
    {
        await using var page = await chromium.Browser.NewPageAsync();

        var error = await Assert.ThrowsAsync<CdpException>(() => page.Session.SendAsync("Page.noSuchCommand"));
        Assert.Equal("Page.noSuchCommand", error.Method);
        Assert.Contains("Page.noSuchCommand", error.Message, StringComparison.Ordinal);

        // The connection survives a refused command.
        Assert.Equal(2, (await page.EvaluateAsync("1 + 1")).GetInt32());
    }

    [Fact]
    public async Task Navigating_to_an_address_nothing_listens_on_fails_with_the_browsers_reason()
    {
        await using var page = await chromium.Browser.NewPageAsync();
        var closedPort = ClosedPort();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => page.NavigateAsync(new Uri($"http://127.0.0.1:{closedPort}/")));
        Assert.Contains("ERR_CONNECTION_REFUSED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contexts_keep_their_cookies_apart()
    {
        await using var site = AttackerSite.Serving("<!doctype html><title>plain page</title>");
        await using var first = await chromium.Browser.NewContextAsync();
        await using var second = await chromium.Browser.NewContextAsync();
        await using var firstPage = await first.NewPageAsync();
        await using var secondPage = await second.NewPageAsync();
        await firstPage.NavigateAsync(site.Address);
        await secondPage.NavigateAsync(site.Address);

        await firstPage.EvaluateAsync("document.cookie = 'marker=first; path=/'");

        Assert.Equal("marker=first", (await firstPage.EvaluateAsync("document.cookie")).GetString());
        Assert.Contains(await firstPage.GetCookiesAsync(site.Address), c => c.Name == "marker" && c.Value == "first" && !c.HttpOnly);
        Assert.Equal("", (await secondPage.EvaluateAsync("document.cookie")).GetString());
        Assert.Empty(await secondPage.GetCookiesAsync(site.Address));
    }

    [Fact]
    public async Task Disposing_ends_the_browser_process_and_deletes_its_profile()
    {
        var browser = await ChromiumBrowser.LaunchAsync();
        var profile = browser.ProfileDirectory;
        var processId = browser.ProcessId;
        Assert.True(Directory.Exists(profile), $"No profile at {profile}");
        Assert.StartsWith("Chrome/", browser.Version, StringComparison.Ordinal);

        await browser.DisposeAsync();

        Assert.False(Directory.Exists(profile), $"The profile {profile} was left behind.");
        Assert.False(IsRunning(processId), $"Chromium (pid {processId}) is still running.");
    }

    [Fact]
    public async Task Launching_without_chromium_installed_fails_saying_so()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => ChromiumBrowser.LaunchAsync("/nonexistent/chromium"));
        Assert.Contains("Chromium is not installed at /nonexistent/chromium", error.Message, StringComparison.Ordinal);
        Assert.Contains("ensure-test-deps.sh", error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
