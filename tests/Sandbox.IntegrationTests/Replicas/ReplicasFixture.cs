using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Sandbox.Testing;
using Sandbox.Testing.Containers;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// Three orchestrator processes (A, B and C, started together) on one throwaway PostgreSQL and one throwaway Redis of
/// this fixture (Testcontainers, <see cref="PostgresServerFixture"/> and <see cref="RedisServerFixture"/>), sharing the
/// key ring in the store (encrypted with a certificate made here) and re-checking the store every
/// <see cref="RecheckInterval"/>, behind Debian's nginx balancing round robin over them (no stickiness) with the sample's
/// proxy parameters (deploy/nginx/sandbox-proxy.conf). They trust 127.0.0.1 as their load balancer: a test talking to a
/// replica directly gives each client address of its own with X-Forwarded-For, and a client of nginx
/// (<see cref="ThroughNginx"/>) connects from a loopback address of its own, which nginx forwards. The sign-in limit is
/// low (<see cref="SignInLimit"/>).
/// </summary>
public sealed class ReplicasFixture : IAsyncLifetime
{
    /// <summary>Sign-in attempts per address and minute, shared by the replicas.</summary>
    public const int SignInLimit = 5;

    /// <summary>The response header nginx adds here (not in the sample): the replica, or replicas in turn, that a request went to.</summary>
    public const string UpstreamHeader = "X-Sandbox-Upstream";

    /// <summary>How often each replica re-checks open connections against the store (the test setting; at most 30 s in production).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(3);

    /// <summary>What a replica logs when its Redis subscription is back.</summary>
    private const string SubscriptionBack = "is reachable again (Subscription)";

    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-replicas-").FullName;
    private Dictionary<OrchestratorProcess, int> _subscriptionsBack = [];

    public RedisServerFixture Redis { get; } = new();

    public PostgresServerFixture Postgres { get; } = new();

    public string StoreConnectionString { get; private set; } = "";

    public OrchestratorProcess A { get; private set; } = null!;

    public OrchestratorProcess B { get; private set; } = null!;

    public OrchestratorProcess C { get; private set; } = null!;

    /// <summary>A, B and C.</summary>
    public IReadOnlyList<OrchestratorProcess> All => [A, B, C];

    public NginxProcess Nginx { get; private set; } = null!;

    public int NginxPort { get; } = FreePort();

    /// <summary>Where analysts reach the installation: nginx.</summary>
    public Uri NginxAddress => new($"http://127.0.0.1:{NginxPort}");

    /// <summary>The admin, signed in on A directly.</summary>
    public SandboxApi Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), Redis.InitializeAsync());
        StoreConnectionString = Postgres.ConnectionStringFor(PostgresServerFixture.NewDatabaseName("sandbox_replicas_"));
        var certificate = Path.Combine(_dir, "key-ring.pfx");
        KeyRingCertificateFile.Write(certificate, "ring-password");

        var settings = new Dictionary<string, string>
        {
            ["Sandbox__Store__Provider"] = "postgres",
            ["Sandbox__Store__ConnectionString"] = StoreConnectionString,
            ["Sandbox__Redis__Configuration"] = Redis.ConnectionString,
            ["Sandbox__Redis__RecheckInterval"] = RecheckInterval.ToString(),
            ["Sandbox__KeyRing__CertificatePath"] = certificate,
            ["Sandbox__KeyRing__CertificatePassword"] = "ring-password",
            ["Sandbox__SignIn__AttemptsPerAddressPerMinute"] = SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sandbox__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        };
        A = new OrchestratorProcess(settings);

        // B and C run the same installation: the same names and labels on the engine.
        foreach (var key in new[] { "Sandbox__Docker__LabelPrefix", "Sandbox__Docker__ContainerNamePrefix", "Sandbox__Docker__DataContainerNamePrefix", "Sandbox__Docker__NetworkName", "Sandbox__Datasets__ImageRepository" })
        {
            settings[key] = A.Setting(key)!;
        }

        B = new OrchestratorProcess(settings);
        C = new OrchestratorProcess(settings);

        // Together, on an empty store, as a deployment starts them: one of them sets it up, the others wait for it.
        await Task.WhenAll(A.StartAsync(), B.StartAsync(), C.StartAsync());
        Nginx = await StartNginxAsync();
        Admin = await SandboxApi.SignInAsync(A.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }

        // Every replica is gone before any clean-up of the engine starts (they share its networks and containers); A,
        // whose names the others took, goes last.
        foreach (var replica in All.Where(r => r is not null))
        {
            await replica.KillAsync();
        }

        foreach (var replica in All.Reverse().Where(r => r is not null))
        {
            await replica.DisposeAsync();
        }

        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// A client of nginx from a loopback address of its own (127.x.y.z, which nginx forwards as X-Forwarded-For), as
    /// another analyst's machine would be: its sign-ins count for that address only.
    /// </summary>
    public HttpClient ThroughNginx(CookieContainer? cookies = null)
    {
        var clientAddress = IPAddress.Parse($"127.{RandomNumberGenerator.GetInt32(1, 255)}.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(1, 255)}");
        var handler = new SocketsHttpHandler
        {
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(clientAddress, 0));
                    await socket.ConnectAsync(IPAddress.Loopback, NginxPort, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = NginxAddress, Timeout = TimeSpan.FromSeconds(100) };
    }

    /// <summary>The replica that answered a request made through nginx (the last one tried, when nginx tried several).</summary>
    public OrchestratorProcess AnsweredBy(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(UpstreamHeader, out var values), $"nginx did not say which replica answered ({response.StatusCode})");
        var last = string.Join(", ", values).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[^1];
        return All.Single(r => last == $"127.0.0.1:{r.Port}");
    }

    /// <summary>The replica's name in this fixture, for messages.</summary>
    public string NameOf(OrchestratorProcess replica) => replica == A ? "A" : replica == B ? "B" : replica == C ? "C" : $"replica on {replica.Port}";

    /// <summary>
    /// Restarts one replica as a rolling restart does: SIGTERM, wait until it has exited, start it again with the same
    /// settings, wait until it is healthy and until nginx sends it requests again (nginx keeps a replica it could not
    /// reach aside for a while; the next replica must not go down before this one is back in the rotation). Returns how
    /// long the stop and the whole restart took.
    /// </summary>
    public async Task<(TimeSpan Stop, TimeSpan Restart)> RestartAsync(OrchestratorProcess replica)
    {
        var took = System.Diagnostics.Stopwatch.StartNew();
        await replica.StopGracefullyAsync();
        var stop = took.Elapsed;
        await replica.StartAsync();
        using var probe = ThroughNginx();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await probe.GetAsync("/healthz");
            if (response.StatusCode == HttpStatusCode.OK && AnsweredBy(response) == replica)
            {
                return (stop, took.Elapsed);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nginx did not send requests to {NameOf(replica)} within 30 s of its restart.\n{Nginx.ErrorLogTail()}");
            }

            await Task.Delay(50); // poll interval: nginx's choice of replica is the signal, asked until it is this one or the deadline
        }
    }

    /// <summary>Stops Redis (<see cref="StartRedisAgainAsync"/> brings it back).</summary>
    public async Task StopRedisAsync()
    {
        _subscriptionsBack = All.ToDictionary(r => r, r => r.CountInLog(SubscriptionBack));
        await Redis.StopAsync();
    }

    /// <summary>
    /// Starts Redis again and waits until every replica says its subscription is back, so the next step (or the next
    /// test of the class) does not run while a replica still misses what Redis carries.
    /// </summary>
    public async Task StartRedisAgainAsync()
    {
        await Redis.StartAgainAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (All.Any(r => r.CountInLog(SubscriptionBack) <= _subscriptionsBack.GetValueOrDefault(r)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Redis came back but a replica did not say so within 30 s.\n{string.Join("\n", All.Select(r => $"{NameOf(r)}:\n{r.Tail()}"))}");
            }

            await Task.Delay(100); // poll interval over the logs until every replica says it, or the deadline
        }
    }

    /// <summary>A fresh client address, as the load balancer would report it (X-Forwarded-For).</summary>
    public static string NewClientAddress() => $"10.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(1, 255)}";

    /// <summary>
    /// nginx with the sample's proxy parameters (deploy/nginx/sandbox-proxy.conf, as it is) and an upstream of the three
    /// replicas, as deploy/nginx/sandbox.conf describes for several, on plain HTTP; it also says which replica answered.
    /// </summary>
    private async Task<NginxProcess> StartNginxAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "nginx")).FullName;
        var parameters = Path.Combine(folder, "sandbox-proxy.conf");
        File.Copy(Path.Combine(RepositoryPaths.Root, "deploy", "nginx", "sandbox-proxy.conf"), parameters);
        var servers = string.Join("\n", All.Select(r => $"        server 127.0.0.1:{r.Port};"));
        return await NginxProcess.StartAsync(folder, $$"""
                map $http_upgrade $sandbox_connection {
                    default upgrade;
                    ''      '';
                }

                upstream sandbox_orchestrator {
            {{servers}}
                    keepalive 16;
                }

                server {
                    listen 127.0.0.1:{{NginxPort}};
                    location / {
                        include {{parameters}};
                        add_header {{UpstreamHeader}} $upstream_addr always;
                    }
                }
            """, NginxPort);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
