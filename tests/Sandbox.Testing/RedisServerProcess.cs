using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sandbox.Testing;

/// <summary>
/// A throwaway Redis for one test class: Debian's <c>redis-server</c> run as a child process on 127.0.0.1 and a free
/// port, keeping nothing on disk. Its port is kept for its whole life, so a test can stop it (<see cref="StopAsync"/>:
/// connections are refused) and start it again at the same address (<see cref="StartAgainAsync"/>, empty), as clients
/// configured with it expect. A stand-in with the shape of the Testcontainers Redis fixture until that one lands.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private Process? _process;

    /// <summary>The port on 127.0.0.1, the same for the server's whole life.</summary>
    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis configuration string (<c>127.0.0.1:PORT</c>), as <c>Sandbox__Redis__Configuration</c> takes it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts the server on a free port and returns once it answers PING.</summary>
    public async Task StartAsync()
    {
        Port = FreePort();
        await StartAgainAsync();
    }

    /// <summary>Starts the stopped server again on the same port; returns once it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server",
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await AnswersPingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING");
            }

            await Task.Delay(50); // poll interval until the server answers
        }
    }

    /// <summary>Stops the server (SIGKILL): open connections close and new ones are refused.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
