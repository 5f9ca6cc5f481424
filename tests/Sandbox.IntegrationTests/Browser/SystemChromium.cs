using Microsoft.Playwright;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>), headless, started and driven by Playwright. Playwright's own browser
/// builds are never used: launching with <see cref="BrowserTypeLaunchOptions.ExecutablePath"/> skips its browser registry,
/// so nothing is downloaded and no host check runs (no environment variable is needed for that). Disposing closes the
/// browser (Playwright deletes its temporary profile) and stops Playwright's driver process.
/// </summary>
public sealed class SystemChromium : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package puts it (deploy/local/ensure-test-deps.sh installs it).</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    /// <summary>Long enough for a notebook launch answered by a busy 2-core machine; short enough that a hung page fails the test.</summary>
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Every test's traffic stays on this machine: the browser reaches <c>localhost</c>, names under it (which Chromium
    /// answers with loopback itself) and 127.0.0.1; any other name or address "does not resolve" (the rules apply to
    /// addresses too), and no proxy is used whatever the environment says.
    /// </summary>
    private static readonly string[] LoopbackOnly =
    [
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1",
        "--no-proxy-server",
    ];

    private readonly IPlaywright _playwright;

    private SystemChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>For example "156.0.8078.114".</summary>
    public string Version => Browser.Version;

    /// <summary>Starts Playwright's driver and, through it, the system's Chromium.</summary>
    /// <param name="extraArguments">Command-line switches added to the usual ones (for example a certificate to trust).</param>
    /// <param name="executable">The browser to start.</param>
    /// <exception cref="FileNotFoundException">Chromium is not installed.</exception>
    public static async Task<SystemChromium> LaunchAsync(IEnumerable<string>? extraArguments = null, string executable = DefaultExecutable)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"Chromium is not installed at {executable}, and the browser tests need it: run deploy/local/ensure-test-deps.sh (it installs the Debian package 'chromium').",
                executable);
        }

        // Auto-waiting assertions wait as long as an action may (Playwright's default, 5 s, is short for this machine).
        Assertions.SetDefaultExpectTimeout((float)ActionTimeout.TotalMilliseconds);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                // Tests run as root, where Chromium's sandbox cannot start (Playwright then passes --no-sandbox).
                ChromiumSandbox = false,
                Timeout = (float)NavigationTimeout.TotalMilliseconds,
                // Playwright already passes the switches that keep Chromium quiet (no background networking, component
                // updates, sync, default apps, extensions or first-run pages) and --disable-dev-shm-usage.
                Args = [.. LoopbackOnly, "--disable-gpu", .. extraArguments ?? []],
            });
            return new SystemChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new isolated context (its own cookies and storage), with the tests' timeouts.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)NavigationTimeout.TotalMilliseconds);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
