using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sandbox.Testing;

/// <summary>
/// Debian's nginx, run by a test in the foreground with a prefix, configuration, logs and temporary files of its own in a
/// temporary folder (never the system's service or its configuration). Disposing stops it (its process tree, by id) and
/// deletes the folder.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    /// <summary>Where Debian's <c>nginx</c> package puts it (deploy/local/ensure-test-deps.sh installs it).</summary>
    public const string Executable = "/usr/sbin/nginx";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private NginxProcess(Process process, string folder)
    {
        _process = process;
        Folder = folder;
    }

    /// <summary>The prefix folder: configuration, logs and temporary files.</summary>
    public string Folder { get; }

    public string ErrorLogPath => Path.Combine(Folder, "error.log");

    /// <summary>
    /// Starts nginx with <paramref name="httpContext"/> as the body of its <c>http</c> block and waits until it accepts
    /// connections on 127.0.0.1:<paramref name="port"/>.
    /// </summary>
    /// <param name="folder">A folder of the caller's (files the configuration names may already be there); the caller deletes it.</param>
    public static async Task<NginxProcess> StartAsync(string folder, string httpContext, int port)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"nginx is not installed at {Executable}: run deploy/local/ensure-test-deps.sh (it installs the Debian package 'nginx').", Executable);
        }

        // Run as root, nginx's workers run as nobody: they must be able to enter the folder for their temporary files.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var configPath = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configPath, $$"""
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
            {{httpContext}}
            }
            """);

        var start = new ProcessStartInfo(Executable, ["-p", folder + "/", "-c", configPath, "-e", Path.Combine(folder, "error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new NginxProcess(process, folder);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}:\n{nginx.ErrorLogTail()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return nginx;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(50); // retry interval: a refused connect is the only sign nginx is not listening yet
        }

        await nginx.DisposeAsync();
        throw new TimeoutException($"nginx did not listen on {port} within {StartTimeout.TotalSeconds:0}s:\n{nginx.ErrorLogTail()}");
    }

    /// <summary>The error log's last lines, for failure messages.</summary>
    public string ErrorLogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(ErrorLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(no error log: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
