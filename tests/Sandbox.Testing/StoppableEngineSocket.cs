using System.Net.Sockets;

namespace Sandbox.Testing;

/// <summary>
/// "The Docker engine stopped and started again", for one orchestrator only: a unix socket of its own that relays every
/// connection to the real engine's socket. <see cref="Stop"/> removes the socket and cuts every relayed connection (as a
/// stopped engine does: its socket is gone, its streams end); <see cref="Start"/> listens again at the same path.
/// </summary>
public sealed class StoppableEngineSocket : IDisposable
{
    private readonly string _engine;
    private readonly Lock _gate = new();
    private readonly List<Socket> _relayed = [];
    private Socket? _listener;

    public StoppableEngineSocket(string engineSocket = "/var/run/docker.sock")
    {
        _engine = engineSocket;
        Path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("sandbox-engine-").FullName, "docker.sock");
        Start();
    }

    /// <summary>Where the orchestrator finds "the engine" (its <c>Sandbox__Docker__SocketPath</c>).</summary>
    public string Path { get; }

    /// <summary>Listens at <see cref="Path"/> again, unless it does; connections reach the engine.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path));
        listener.Listen(64);
        lock (_gate)
        {
            _listener = listener;
        }

        _ = AcceptAsync(listener);
    }

    /// <summary>Removes the socket and ends every relayed connection: the next connection attempt finds no engine.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _listener?.Dispose();
            _listener = null;
            foreach (var socket in _relayed)
            {
                socket.Dispose();
            }

            _relayed.Clear();
        }

        File.Delete(Path);
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // stopped
            }

            var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            lock (_gate)
            {
                if (_listener != listener)
                {
                    client.Dispose();
                    engine.Dispose();
                    return;
                }

                _relayed.Add(client);
                _relayed.Add(engine);
            }

            _ = RelayAsync(client, engine);
        }
    }

    private async Task RelayAsync(Socket client, Socket engine)
    {
        try
        {
            await engine.ConnectAsync(new UnixDomainSocketEndPoint(_engine));
            await Task.WhenAll(CopyAsync(client, engine), CopyAsync(engine, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // One side ended, or the relay was stopped.
        }
        finally
        {
            lock (_gate)
            {
                _relayed.Remove(client);
                _relayed.Remove(engine);
            }

            client.Dispose();
            engine.Dispose();
        }
    }

    private static async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }

            to.Shutdown(SocketShutdown.Send); // half-close, as the engine's own socket would
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The other side ended, or the relay was stopped.
        }
    }
}
