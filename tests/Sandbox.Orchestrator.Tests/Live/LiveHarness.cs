using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Sharing;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.Live;

/// <summary>
/// The live pipeline over a real SQLite store (a temporary file, migrated) with the store hook installed: store writes
/// go through <see cref="StoreChangeInterceptor"/> into the feed, <see cref="Drain"/> hands them to the real
/// <see cref="LiveFanOut"/>, and connections write to a <see cref="RecordingSender"/>.
/// </summary>
internal sealed class LiveHarness : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-live-").FullName;
    private readonly ServiceProvider _services;
    private readonly InProcessLiveChangeFeed _feed = new();

    public LiveHarness()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ILiveChangeFeed>(_feed);
        services.AddSingleton(LocalOrigins.Instance);
        services.AddSingleton<StoreChangeInterceptor>();
        services.AddDbContext<SandboxDbContext>((sp, o) => o.UseSqlite($"Data Source={Path.Combine(_dir, "test.db")}")
            .AddInterceptors(sp.GetRequiredService<StoreChangeInterceptor>()));
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<SessionAudiences>();
        services.AddSingleton<ILiveSender>(Sender);
        services.AddSingleton<LiveConnections>();
        services.AddMetrics();
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Database.Migrate();
        Connections = _services.GetRequiredService<LiveConnections>();
        FanOut = new LiveFanOut(_feed, Connections, _services.GetRequiredService<IServiceScopeFactory>(), _services.GetRequiredService<SecurityStamps>(),
            _services.GetRequiredService<SessionAudiences>(), Clock, LocalOrigins.Instance, NullLogger<LiveFanOut>.Instance,
            new Sandbox.Orchestrator.Telemetry.SandboxMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    public RecordingSender Sender { get; } = new();

    public LiveConnections Connections { get; }

    public LiveFanOut FanOut { get; }

    /// <summary>The fan-out's cache of who may see each session.</summary>
    public SessionAudiences Audiences => _services.GetRequiredService<SessionAudiences>();

    public ILiveChangeFeed Feed => _feed;

    /// <summary>Connects a client of <paramref name="memberId"/> with its (empty) snapshot already sent.</summary>
    public LiveConnection Connect(string connectionId, string memberId, string? stamp = null)
    {
        var connection = new LiveConnection(connectionId, memberId, stamp, () => { }, maxBacklog: 100);
        Connections.Add(connection);
        connection.ReleaseAfter([]);
        return connection;
    }

    /// <summary>Runs <paramref name="change"/> against a fresh store context and saves.</summary>
    public async Task WriteAsync(Func<SandboxDbContext, Task> change)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        await change(db);
        await db.SaveChangesAsync();
    }

    /// <summary>Stores a new pending session.</summary>
    public async Task<string> AddSessionAsync(string owner)
    {
        var id = SessionIds.New();
        await WriteAsync(db =>
        {
            db.Sessions.Add(Session.Create(id, owner, "python", new SessionSize("small", 1, 2, 0), [], "token", null, null, Clock.GetUtcNow()));
            return Task.CompletedTask;
        });
        return id;
    }

    /// <summary>Stores a share of <paramref name="sessionId"/> with <paramref name="mentor"/>.</summary>
    public Task ShareAsync(string sessionId, string mentor, TimeSpan lasts, bool revoked = false) => WriteAsync(db =>
    {
        db.SessionShares.Add(new SessionShare
        {
            SessionId = sessionId, MemberId = mentor, SharedBy = "owner", CreatedAt = Clock.GetUtcNow(), ExpiresAt = Clock.GetUtcNow() + lasts,
            RevokedAt = revoked ? Clock.GetUtcNow() : null,
        });
        return Task.CompletedTask;
    });

    /// <summary>Makes <paramref name="memberId"/> an admin in the store.</summary>
    public Task MakeAdminAsync(string memberId) => WriteAsync(async db =>
    {
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == Roles.Admin);
        if (role is null)
        {
            role = new IdentityRole(Roles.Admin) { NormalizedName = Roles.Admin.ToUpperInvariant() };
            db.Roles.Add(role);
        }

        db.Users.Add(new SandboxUser { Id = memberId, UserName = memberId, DisplayName = memberId, SecurityStamp = "stamp" });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = memberId, RoleId = role.Id });
    });

    /// <summary>
    /// Everything the store writes published so far, without delivering it. A write publishes as it saves (or as its
    /// transaction commits), so all of it is in the feed already: read until a read would have to wait. (A 50 ms
    /// window here once ran out before the first change was read on a loaded machine.)
    /// </summary>
    public List<LiveChange> Published()
    {
        var changes = new List<LiveChange>();
        using var stop = new CancellationTokenSource();
        var reader = _feed.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        while (true)
        {
            var next = reader.MoveNextAsync();
            if (!next.IsCompleted)
            {
                // Nothing more: end the read that waits for the next change.
                stop.Cancel();
                try
                {
                    next.AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    // Ended.
                }

                return changes;
            }

            if (!next.Result)
            {
                return changes;
            }

            changes.Add(reader.Current);
        }
    }

    /// <summary>Delivers everything published so far through the fan-out.</summary>
    public async Task DrainAsync()
    {
        foreach (var change in Published())
        {
            await FanOut.DeliverAsync(change, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        FanOut.Dispose();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
