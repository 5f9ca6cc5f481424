using System.Security.Cryptography;
using Sandbox.Testing;
using Sandbox.Testing.Containers;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// Two orchestrator processes (A and B) on one throwaway PostgreSQL and one throwaway Redis of this fixture
/// (Testcontainers, <see cref="PostgresServerFixture"/> and <see cref="RedisServerFixture"/>), sharing the key ring in the store (encrypted with a certificate made here) and re-checking the store every
/// <see cref="RecheckInterval"/>. They trust 127.0.0.1 as their load balancer, so a test gives each client address
/// of its own with X-Forwarded-For, and the sign-in limit is low (<see cref="SignInLimit"/>).
/// </summary>
public sealed class ReplicasFixture : IAsyncLifetime
{
    /// <summary>Sign-in attempts per address and minute, shared by both replicas.</summary>
    public const int SignInLimit = 5;

    /// <summary>How often each replica re-checks open connections against the store (the test setting; at most 30 s in production).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(3);

    /// <summary>What a replica logs when its Redis subscription is back.</summary>
    private const string SubscriptionBack = "is reachable again (Subscription)";

    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-replicas-").FullName;
    private (int A, int B) _subscriptionsBack;

    public RedisServerFixture Redis { get; } = new();

    public PostgresServerFixture Postgres { get; } = new();

    public string StoreConnectionString { get; private set; } = "";

    public OrchestratorProcess A { get; private set; } = null!;

    public OrchestratorProcess B { get; private set; } = null!;

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
        await A.StartAsync();

        // B runs the same installation: the same names and labels on the engine.
        foreach (var key in new[] { "Sandbox__Docker__LabelPrefix", "Sandbox__Docker__ContainerNamePrefix", "Sandbox__Docker__DataContainerNamePrefix", "Sandbox__Docker__NetworkName", "Sandbox__Datasets__ImageRepository" })
        {
            settings[key] = A.Setting(key)!;
        }

        B = new OrchestratorProcess(settings);
        await B.StartAsync();
        Admin = await SandboxApi.SignInAsync(A.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Stops Redis (<see cref="StartRedisAgainAsync"/> brings it back).</summary>
    public async Task StopRedisAsync()
    {
        _subscriptionsBack = (A.CountInLog(SubscriptionBack), B.CountInLog(SubscriptionBack));
        await Redis.StopAsync();
    }

    /// <summary>
    /// Starts Redis again and waits until both replicas say their subscription is back, so the next step (or the next
    /// test of the class) does not run while a replica still misses what Redis carries.
    /// </summary>
    public async Task StartRedisAgainAsync()
    {
        await Redis.StartAgainAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (A.CountInLog(SubscriptionBack) <= _subscriptionsBack.A || B.CountInLog(SubscriptionBack) <= _subscriptionsBack.B)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Redis came back but a replica did not say so within 30 s.\nA:\n{A.Tail()}\nB:\n{B.Tail()}");
            }

            await Task.Delay(100); // poll interval over the logs until both say it, or the deadline
        }
    }

    /// <summary>A fresh client address, as the load balancer would report it (X-Forwarded-For).</summary>
    public static string NewClientAddress() => $"10.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(1, 255)}";

}
