using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sandbox.Testing;

/// <summary>
/// The real orchestrator, run as its own process against the real Docker engine, with its own data folder, port and
/// container labels (so parallel test runs and other suites never touch each other's containers). It can be killed
/// (SIGKILL, like a crash) and started again on the same data. Its installation id (in its log at start) scopes what it
/// made, so the clean-up touches nothing else even when a test gives it the default labels and names.
/// </summary>
public sealed partial class OrchestratorProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@sandbox.test";
    public const string AdminPassword = "admin-password-1";

    private readonly Dictionary<string, string> _settings;
    private readonly Func<OrchestratorProcess, Task>? _removeRuntimeObjects;
    private Process? _process;
    private int _generation;

    /// <summary>A setting's value that leaves it unset, so the product's own default applies (not this harness's).</summary>
    public const string ProductDefault = "";

    /// <param name="settings">Settings on top of this harness's (<see cref="ProductDefault"/> removes one).</param>
    /// <param name="removeRuntimeObjects">
    /// What else disposing removes once the process is gone, when its sessions do not run on the local engine (a test
    /// cluster's pods, secrets and claims of this installation: <see cref="KubernetesTestCluster.NewOrchestrator"/>).
    /// </param>
    public OrchestratorProcess(IReadOnlyDictionary<string, string>? settings = null, Func<OrchestratorProcess, Task>? removeRuntimeObjects = null)
    {
        _removeRuntimeObjects = removeRuntimeObjects;
        RunId = Guid.NewGuid().ToString("N")[..10];
        DataDir = Directory.CreateTempSubdirectory("sandbox-it-").FullName;
        Port = FreePort();
        var networkName = $"sandbox-it-{RunId}";
        _settings = new Dictionary<string, string>
        {
            ["Sandbox__DataDir"] = DataDir,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["Sandbox__BootstrapAdmin__Email"] = AdminEmail,
            ["Sandbox__BootstrapAdmin__Password"] = AdminPassword,
            ["Sandbox__Docker__LabelPrefix"] = $"org.sandbox-it-{RunId}.",
            ["Sandbox__Docker__ContainerNamePrefix"] = $"sandbox-it-{RunId}-s-",
            ["Sandbox__Docker__DataContainerNamePrefix"] = $"sandbox-it-{RunId}-data-",
            // Its own networks and packet filter chains (named after this), removed at the end.
            ["Sandbox__Docker__NetworkName"] = networkName,
            ["Sandbox__Datasets__ImageRepository"] = $"sandbox-it-{RunId}",
            ["Sandbox__Reconciler__ResyncInterval"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Information",
            // Every test signs in many members from 127.0.0.1.
            ["Sandbox__SignIn__AttemptsPerAddressPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            if (value == ProductDefault)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }
    }

    public string RunId { get; }

    public string DataDir { get; }

    public int Port { get; }

    public string LabelPrefix => _settings["Sandbox__Docker__LabelPrefix"];

    /// <summary>Changes a setting for the next start (a restart with a new configuration, as an upgrade would do).</summary>
    public void Configure(string key, string value) => _settings[key] = value;

    /// <summary>A setting the process is started with, or null when it is not set.</summary>
    public string? Setting(string key) => _settings.GetValueOrDefault(key);

    /// <summary>
    /// What makes another process a replica of this one's installation rather than an installation of its own: the
    /// shared data folder and the names of its containers, networks and data images.
    /// </summary>
    public IReadOnlyDictionary<string, string> InstallationSettings => InstallationKeys.ToDictionary(key => key, key => _settings[key]);

    private static readonly string[] InstallationKeys = ["Sandbox__DataDir", "Sandbox__Docker__LabelPrefix", "Sandbox__Docker__ContainerNamePrefix",
        "Sandbox__Docker__DataContainerNamePrefix", "Sandbox__Docker__NetworkName", "Sandbox__Datasets__ImageRepository"];

    /// <summary>The configured stem of the sessions' networks (the installation's id is added to it).</summary>
    public string NetworkName => _settings["Sandbox__Docker__NetworkName"];

    /// <summary>The installation's id, read from its log at the first start.</summary>
    public string? InstallationId { get; private set; }

    /// <summary>The stem of this installation's sessions' networks; sessions of profiles without internet join <c>{stem}-none</c>.</summary>
    public string NetworkStem => $"{NetworkName}-{InstallationId ?? throw new InvalidOperationException("not started yet")}";

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The running process's id.</summary>
    public int? ProcessId => _process is { HasExited: false } ? _process.Id : null;

    /// <summary>CPU time the process has used so far (user + system), from /proc.</summary>
    public TimeSpan CpuTime()
    {
        var fields = File.ReadAllText($"/proc/{_process!.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>The process's resident memory now (<c>VmRSS</c> from /proc), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process!.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public string LogPath => Path.Combine(DataDir, $"orchestrator-{_generation}.log");

    /// <summary>Starts the orchestrator and waits until <c>/healthz</c> answers (within <paramref name="timeout"/>, 150 s unless given).</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        _generation++;
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.OrchestratorDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _settings)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(LogPath) { AutoFlush = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // A start takes a few seconds of CPU; on a 2-core machine at load 50 a process gets a small share of a core, and
        // replicas starting together wait for each other's set-up, so the default bound is generous (it only costs time on failure).
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(150));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Waiting for exit also waits until the redirected output has been read to its end, so the log is whole.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"The orchestrator exited with {_process.ExitCode}:\n{Tail()}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "/healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    InstallationId ??= await ReadInstallationIdAsync();
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100); // retry interval until /healthz answers
        }

        throw new TimeoutException($"The orchestrator did not become healthy:\n{Tail()}");
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Stops the process gracefully (SIGTERM, as a rolling restart does) and waits until it has exited.</summary>
    public async Task StopGracefullyAsync()
    {
        await SignalAsync("TERM");
        await _process!.WaitForExitAsync();
    }

    /// <summary>Pauses the process (SIGSTOP): it keeps its connections but does nothing until <see cref="ResumeAsync"/>.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>Resumes a paused process (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        var pid = ProcessId ?? throw new InvalidOperationException("The orchestrator is not running.");
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}");
        }
    }

    /// <summary>
    /// Whether the sandbox of <paramref name="sessionId"/> is gone from the engine within <paramref name="timeout"/>
    /// (the reconciler removes it a moment after the session is told to stop).
    /// </summary>
    public async Task<bool> SandboxGoneAsync(string sessionId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await DockerEngine.ContainersAsync($"{LabelPrefix}session={sessionId}")).Count > 0)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(200); // poll the engine until the reconciler has removed the sandbox or the deadline
        }

        return true;
    }

    /// <summary>
    /// Whether the current log holds <paramref name="text"/> within <paramref name="timeout"/>: a line is written a moment
    /// after the work it reports (an image can be gone before the line saying so is out).
    /// </summary>
    public async Task<bool> LogContainsAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Tail(int.MaxValue).Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(100); // poll interval over the log file until the line appears or the deadline
        }

        return true;
    }

    /// <summary>How many lines of the current log hold <paramref name="text"/>.</summary>
    public int CountInLog(string text) => Tail(int.MaxValue).Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// Whether <paramref name="count"/> lines of the current log hold <paramref name="text"/> within <paramref name="timeout"/>:
    /// for counting passes of work that logs each one (a pass counted has ended; its line is written after it).
    /// </summary>
    public async Task<bool> LogCountReachesAsync(string text, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (CountInLog(text) < count)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(100); // poll interval over the log file until the lines are there or the deadline
        }

        return true;
    }

    /// <summary>The last lines of the current log, for failure messages.</summary>
    public string Tail(int lines = 60)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(no log: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        if (InstallationId is not null && _removeRuntimeObjects is not null)
        {
            await _removeRuntimeObjects(this);
        }

        if (InstallationId is not null)
        {
            await DockerEngine.RemoveAllAsync(LabelPrefix, RunId, InstallationId);
            await DockerEngine.RemoveNetworksAsync(LabelPrefix, NetworkStem);
            await HostFence.RemoveAsync(NetworkStem);
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the OS.
        }
    }

    // The installation says who it is once its store is read, before it listens: the line is in the log by now, or a moment after.
    private async Task<string> ReadInstallationIdAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var match = InstallationLine().Match(Tail(int.MaxValue));
            if (match.Success)
            {
                return match.Groups[1].Value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"The orchestrator did not log its installation id:\n{Tail()}");
            }

            await Task.Delay(50); // poll interval over the log file until the line appears or the deadline
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bInstallation ([a-z0-9]{4,32}) [(c]")]
    private static partial System.Text.RegularExpressions.Regex InstallationLine();

    /// <summary>A TCP port nothing listens on now (for a second listener of a test's own).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
