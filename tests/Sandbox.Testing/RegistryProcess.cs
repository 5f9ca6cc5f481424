using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandbox.Testing;

/// <summary>
/// Debian's <c>docker-registry</c> (CNCF Distribution 2.8), run by a test on 127.0.0.1 at a free port with a
/// configuration and filesystem storage of its own in a temporary folder, optionally behind basic authentication
/// (an htpasswd file written with Debian's <c>htpasswd</c>). The engine pulls from a registry on 127.0.0.1 without TLS.
/// Disposing stops it by its process id and deletes the folder.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    /// <summary>Where Debian's <c>docker-registry</c> package puts it (deploy/local/ensure-test-deps.sh installs it).</summary>
    public const string Executable = "/usr/bin/docker-registry";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _output = new();
    private Process? _process;

    private RegistryProcess(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    /// <summary>The folder with the configuration and the storage.</summary>
    public string Folder { get; }

    public int Port { get; }

    /// <summary>The registry's base address, as <c>Sandbox__Registry__Url</c> takes it.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>Host and port, as image references name the registry.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>Starts a registry; with <paramref name="username"/>, only that user with <paramref name="password"/> may use it.</summary>
    public static async Task<RegistryProcess> StartAsync(string? username = null, string? password = null)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"docker-registry is not installed at {Executable}: run deploy/local/ensure-test-deps.sh.", Executable);
        }

        var registry = new RegistryProcess(Directory.CreateTempSubdirectory("sandbox-registry-").FullName, FreePort());
        try
        {
            var auth = "";
            if (username is not null)
            {
                await WriteHtpasswdAsync(Path.Combine(registry.Folder, "htpasswd"), username, password ?? "");
                auth = $"""
                    auth:
                      htpasswd:
                        realm: sandbox-test
                        path: {registry.Folder}/htpasswd
                    """;
            }

            var config = Path.Combine(registry.Folder, "config.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: {registry.Folder}/storage
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:{registry.Port}
                {auth}
                """);
            await registry.StartProcessAsync(config);
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where the registry keeps a blob's content (Distribution's filesystem layout).</summary>
    public string BlobFolder(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(Folder, "storage", "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex);
    }

    /// <summary>Whether the registry stores a manifest with this digest in <paramref name="repository"/>.</summary>
    public bool HasManifest(string repository, string digest) =>
        Directory.Exists(Path.Combine(Folder, "storage", "docker", "registry", "v2", "repositories", repository, "_manifests", "revisions", "sha256", digest["sha256:".Length..]));

    /// <summary>Stops the registry (by its process id) and waits until it has exited; the folder stays until disposal.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>The registry's log so far, for failure messages.</summary>
    public string Log()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temporary-file cleanup.
        }
    }

    private async Task StartProcessAsync(string config)
    {
        var start = new ProcessStartInfo(Executable, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        _process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Ready when it accepts connections (its API base answers 200, or 401 behind authentication).
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{Log()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(50); // retry interval: a refused connect is the only sign the registry is not listening yet
        }

        throw new TimeoutException($"docker-registry did not listen on {Port} within {StartTimeout.TotalSeconds:0}s:\n{Log()}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    // Distribution reads bcrypt entries only; Debian's htpasswd (apache2-utils) writes them with -B.
    private static async Task WriteHtpasswdAsync(string path, string username, string password)
    {
        var start = new ProcessStartInfo("htpasswd", ["-Bbn", username, password]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("htpasswd did not start.");
        var line = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"htpasswd exited with {process.ExitCode}: install apache2-utils (deploy/local/ensure-test-deps.sh).");
        }

        await File.WriteAllTextAsync(path, line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
