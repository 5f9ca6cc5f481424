using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Orchestrator.Installation;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Installation;

/// <summary>The installation's identity: created once, kept, the same for replicas starting together, adopting only after an upgrade.</summary>
/// <remarks>The PostgreSQL case runs on a throwaway server for this class (<see cref="PostgresServerFixture"/>).</remarks>
public sealed class InstallationAtStartTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task A_new_store_gets_an_id_that_a_restart_keeps_and_that_adopts_nothing_unlabelled()
    {
        await using var store = await Store.SqliteAsync();

        var first = await StartAsync(store.Services);
        var again = await StartAsync(store.Services);

        Assert.True(InstallationIdentity.IsWellFormed(first.Id), first.Id);
        Assert.False(first.AdoptsUnlabelled);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task A_store_that_held_sessions_before_ids_existed_adopts_unlabelled_things()
    {
        await using var store = await Store.SqliteAsync();
        await using (var scope = store.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
            db.Sessions.Add(Session.Create("abcdefghijklmnop", "m-1", "python", new SessionSize("small", 1, 2, 0), [], "token", null, null, DateTimeOffset.UnixEpoch));
            await db.SaveChangesAsync();
        }

        var identity = await StartAsync(store.Services);

        Assert.True(identity.AdoptsUnlabelled);
    }

    [Fact]
    public async Task Replicas_starting_together_on_postgresql_agree_on_one_id()
    {
        await using var store = await Store.PostgresAsync(postgres.ConnectionStringFor(PostgresServerFixture.NewDatabaseName("sandbox_installation_")));

        var identities = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => StartAsync(store.Services))));

        Assert.Single(identities.Distinct());
        await using var scope = store.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Installation.CountAsync());
    }

    private static async Task<InstallationIdentity> StartAsync(IServiceProvider services)
    {
        // Each start is a process of its own: a fresh holder, as a replica or a restart would have.
        var installation = new RuntimeInstallation();
        await new InstallationAtStart(services.GetRequiredService<IServiceScopeFactory>(), installation, TimeProvider.System, NullLogger<InstallationAtStart>.Instance)
            .StartAsync(CancellationToken.None);
        return installation.Identity;
    }

    private sealed class Store(ServiceProvider services, Func<Task> cleanup) : IAsyncDisposable
    {
        public IServiceProvider Services => services;

        public static async Task<Store> SqliteAsync()
        {
            var dir = Directory.CreateTempSubdirectory("sandbox-installation-").FullName;
            return await MigratedAsync(o => o.UseSqlite($"Data Source={Path.Combine(dir, "s.db")}"), () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
                return Task.CompletedTask;
            });
        }

        public static async Task<Store> PostgresAsync(string connection)
        {
            Store? store = null;
            store = await MigratedAsync(o => o.UseNpgsql(connection), async () =>
            {
                await using var scope = store!.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Database.EnsureDeletedAsync();
            });
            return store;
        }

        public async ValueTask DisposeAsync()
        {
            await cleanup();
            await services.DisposeAsync();
        }

        private static async Task<Store> MigratedAsync(Action<DbContextOptionsBuilder> provider, Func<Task> cleanup)
        {
            var services = new ServiceCollection()
                .AddDbContext<SandboxDbContext>(o =>
                {
                    provider(o);
                    o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
                })
                .BuildServiceProvider();
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Database.MigrateAsync();
            }

            return new Store(services, cleanup);
        }
    }
}
