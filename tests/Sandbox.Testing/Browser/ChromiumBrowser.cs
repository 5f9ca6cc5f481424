using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandbox.Testing.Browser;

/// <summary>
/// The system's Chromium, headless, with a fresh profile in a temporary folder, driven over the DevTools protocol.
/// Disposing closes it, kills what is left of its process tree and deletes the profile.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package puts it (deploy/local/ensure-test-deps.sh installs it).</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly Queue<string> _output;
    private readonly CdpConnection _connection;

    private ChromiumBrowser(Process process, DirectoryInfo profile, Queue<string> output, CdpConnection connection, string version)
    {
        _process = process;
        _profile = profile;
        _output = output;
        _connection = connection;
        Version = version;
        Session = new CdpSession(connection, sessionId: null);
    }

    /// <summary>For example "Chrome/156.0.8078.79".</summary>
    public string Version { get; }

    /// <summary>The temporary profile (--user-data-dir); deleted on dispose.</summary>
    public string ProfileDirectory => _profile.FullName;

    /// <summary>The browser's main process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The browser-level session (Target.*, Browser.*).</summary>
    public CdpSession Session { get; }

    /// <summary>Starts Chromium and connects to its DevTools endpoint.</summary>
    /// <param name="executable">The browser to start.</param>
    /// <param name="extraArguments">Command-line switches added to the usual ones (for example a certificate to trust).</param>
    /// <exception cref="FileNotFoundException">Chromium is not installed.</exception>
    public static async Task<ChromiumBrowser> LaunchAsync(string executable = DefaultExecutable, IEnumerable<string>? extraArguments = null)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"Chromium is not installed at {executable}, and the browser tests need it: run deploy/local/ensure-test-deps.sh (it installs the Debian package 'chromium').",
                executable);
        }

        // 1. Start it on a free DevTools port (0: Chromium picks one and writes it into the profile).
        var profile = Directory.CreateTempSubdirectory("sandbox-chromium-");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(profile.FullName).SkipLast(1).Concat(extraArguments ?? []).Append("about:blank"))
        {
            start.ArgumentList.Add(argument);
        }

        var output = new Queue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Enqueue(e.Data);
                if (output.Count > 40)
                {
                    output.Dequeue();
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            // 2. Find the port, then the browser's WebSocket address, and connect.
            var port = await WaitForDevToolsPortAsync(process, profile, output);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var versionInfo = await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/json/version"));
            var webSocketUrl = new Uri(versionInfo.GetProperty("webSocketDebuggerUrl").GetString()!);
            var connection = await CdpConnection.ConnectAsync(webSocketUrl, TimeSpan.FromSeconds(30));
            return new ChromiumBrowser(process, profile, output, connection, versionInfo.GetProperty("Browser").GetString()!);
        }
        catch
        {
            await StopAsync(process, TimeSpan.Zero);
            DeleteProfile(profile);
            throw;
        }
    }

    /// <summary>A tab in the browser's default context (cookies shared with every other default-context tab).</summary>
    public Task<BrowserPage> NewPageAsync() => BrowserPage.OpenAsync(_connection, Session, browserContextId: null);

    /// <summary>A new isolated context: its own cookies and storage.</summary>
    public async Task<BrowserContext> NewContextAsync()
    {
        var created = await Session.SendAsync("Target.createBrowserContext", new { disposeOnDetach = true });
        return new BrowserContext(_connection, Session, created.GetProperty("browserContextId").GetString()!);
    }

    /// <summary>The browser's last lines of output, for failure messages.</summary>
    public string OutputTail()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Session.SendAsync("Browser.close", timeout: TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is CdpException or TimeoutException)
        {
            // Closing drops the connection, often before the answer comes; the process is killed below if needed.
        }

        await _connection.DisposeAsync();
        await StopAsync(_process, TimeSpan.FromSeconds(5));
        _process.Dispose();
        DeleteProfile(_profile);
    }

    private static IEnumerable<string> Arguments(string profile) =>
    [
        "--headless=new",
        // Tests run as root, where Chromium's sandbox cannot start.
        "--no-sandbox",
        "--remote-debugging-port=0",
        $"--user-data-dir={profile}",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "about:blank",
    ];

    private static async Task<int> WaitForDevToolsPortAsync(Process process, DirectoryInfo profile, Queue<string> output)
    {
        var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode} before opening its DevTools port:\n{Tail(output)}");
            }

            // The file is written once the port listens: its first line is the port, the second the browser's path.
            if (File.Exists(portFile))
            {
                var lines = await File.ReadAllLinesAsync(portFile);
                if (lines.Length >= 2 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0)
                {
                    return port;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Chromium did not write {portFile} within {StartTimeout.TotalSeconds:0}s:\n{Tail(output)}");
    }

    /// <summary>Gives the browser <paramref name="grace"/> to exit on its own, then kills its whole tree.</summary>
    private static async Task StopAsync(Process process, TimeSpan grace)
    {
        try
        {
            using var waiting = new CancellationTokenSource(grace);
            await process.WaitForExitAsync(waiting.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void DeleteProfile(DirectoryInfo profile)
    {
        // Chromium's helper processes may still be flushing into the profile for a moment after the browser exits.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                profile.Refresh();
                if (profile.Exists)
                {
                    profile.Delete(recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string Tail(Queue<string> output)
    {
        lock (output)
        {
            return string.Join('\n', output);
        }
    }
}
