using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>
/// The browser the tests drive (the system's Chromium through Playwright): values, failures that say what broke, traffic
/// that stays on this machine, isolated contexts, and cleanup.
/// </summary>
public sealed class ChromiumBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Evaluate_returns_values_by_value_and_awaits_promises()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var value = await page.EvaluateAsync<JsonElement>("Promise.resolve({ answer: 6 * 7, list: ['a', 'b'] })");
        Assert.Equal(42, value.GetProperty("answer").GetInt32());
        Assert.Equal(["a", "b"], value.GetProperty("list").EnumerateArray().Select(e => e.GetString()));
        Assert.Null(await page.EvaluateAsync("undefined"));
    }

    [Fact]
    public async Task A_script_error_or_rejected_promise_comes_back_with_the_pages_own_text()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var thrown = await Assert.ThrowsAsync<PlaywrightException>(() => page.EvaluateAsync("null.property"));
        Assert.Contains("TypeError", thrown.Message, StringComparison.Ordinal);
        var rejected = await Assert.ThrowsAsync<PlaywrightException>(() => page.EvaluateAsync("Promise.reject(new Error('refused by the page'))"));
        Assert.Contains("refused by the page", rejected.Message, StringComparison.Ordinal);

        // The page survives a failed script.
        Assert.Equal(2, await page.EvaluateAsync<int>("1 + 1"));
    }

    [Fact]
    public async Task Navigating_to_an_address_nothing_listens_on_fails_with_the_browsers_reason()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var closedPort = ClosedPort();

        var error = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync($"http://127.0.0.1:{closedPort}/"));
        Assert.Contains("ERR_CONNECTION_REFUSED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_localhost_names_and_127_0_0_1_are_reachable_so_no_test_sends_traffic_off_this_machine()
    {
        await using var context = await chromium.Browser.NewContextAsync();

        // A server on another loopback address stands for any other machine: the browser's host resolver rules refuse
        // the address before connecting (they apply to addresses as well as names), so it never hears from the browser.
        using var elsewhere = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        elsewhere.Start();
        var refused = await context.NewPageAsync();
        var error = await Assert.ThrowsAsync<PlaywrightException>(() => refused.GotoAsync($"http://127.0.0.2:{((IPEndPoint)elsewhere.LocalEndpoint).Port}/"));
        Assert.Contains("ERR_NAME_NOT_RESOLVED", error.Message, StringComparison.Ordinal);
        Assert.False(elsewhere.Pending(), "The browser connected to 127.0.0.2.");

        // Names under localhost still reach loopback (the notebook origins are *.nb.localhost), in a tab of its own (the
        // refused one may still be turning into Chromium's error page).
        await using var site = AttackerSite.Serving("<!doctype html><title>plain page</title>");
        var page = await context.NewPageAsync();
        await page.GotoAsync($"http://abcdefghijklmnop.nb.localhost:{site.Address.Port.ToString(CultureInfo.InvariantCulture)}/");
        Assert.Equal("plain page", await page.TitleAsync());
    }

    [Fact]
    public async Task Contexts_keep_their_cookies_apart()
    {
        await using var site = AttackerSite.Serving("<!doctype html><title>plain page</title>");
        await using var first = await chromium.Browser.NewContextAsync();
        await using var second = await chromium.Browser.NewContextAsync();
        var firstPage = await first.NewPageAsync();
        var secondPage = await second.NewPageAsync();
        await firstPage.GotoAsync(site.Address.AbsoluteUri);
        await secondPage.GotoAsync(site.Address.AbsoluteUri);

        await firstPage.EvaluateAsync("document.cookie = 'marker=first; path=/'");

        Assert.Equal("marker=first", await firstPage.EvaluateAsync<string>("document.cookie"));
        Assert.Contains(await first.CookiesAsync(site.Address.AbsoluteUri), c => c.Name == "marker" && c.Value == "first" && !c.HttpOnly);
        Assert.Equal("", await secondPage.EvaluateAsync<string>("document.cookie"));
        Assert.Empty(await second.CookiesAsync(site.Address.AbsoluteUri));
    }

    [Fact]
    public async Task Disposing_ends_the_browser_process_and_deletes_its_profile()
    {
        // A switch Chromium ignores, to find this browser's processes among the other tests' ones.
        var marker = $"--sandbox-test-browser={Guid.NewGuid():N}";
        var browser = await SystemChromium.LaunchAsync([marker]);
        var processes = ProcessesWithArgument(marker);
        // The browser's own process (a child it is forking may show the same command line for a moment).
        var main = Assert.Single(processes, p => !processes.Any(other => other.Id == p.ParentId));
        var profile = main.Arguments.First(a => a.StartsWith("--user-data-dir=", StringComparison.Ordinal))["--user-data-dir=".Length..];
        Assert.True(Directory.Exists(profile), $"No profile at {profile}");
        // The system's Chromium (the Debian package's binary behind /usr/bin/chromium), not a browser Playwright downloaded.
        Assert.StartsWith("/usr/lib/chromium/", main.Executable, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", browser.Version);

        await browser.DisposeAsync();

        Assert.False(Directory.Exists(profile), $"The profile {profile} was left behind.");
        Assert.False(IsRunning(main.Id), $"Chromium (pid {main.Id}) is still running.");
    }

    [Fact]
    public async Task Launching_without_chromium_installed_fails_saying_so()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => SystemChromium.LaunchAsync(executable: "/nonexistent/chromium"));
        Assert.Contains("Chromium is not installed at /nonexistent/chromium", error.Message, StringComparison.Ordinal);
        Assert.Contains("ensure-test-deps.sh", error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The processes whose command line holds <paramref name="argument"/>, read from /proc.</summary>
    private static List<(int Id, int ParentId, string Executable, string[] Arguments)> ProcessesWithArgument(string argument)
    {
        var found = new List<(int, int, string, string[])>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (arguments.Contains(argument))
                {
                    var parent = File.ReadLines(Path.Combine(folder, "status")).First(l => l.StartsWith("PPid:", StringComparison.Ordinal))["PPid:".Length..].Trim();
                    found.Add((id, int.Parse(parent, CultureInfo.InvariantCulture), new FileInfo(Path.Combine(folder, "exe")).LinkTarget ?? "", arguments));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        return found;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            // A zombie (ended, not yet reaped) has no command line left.
            return File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/cmdline").Length > 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
