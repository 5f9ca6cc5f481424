using Microsoft.Extensions.Time.Testing;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.NotebookOrigins;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Sharing;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.NotebookOrigins;

/// <summary>One-time hand-off codes over a real SQLite store and a manual clock.</summary>
public sealed class NotebookHandoffsTests : IDisposable
{
    private const string Running = "abcdefghijklmnop";
    private const string Pending = "qrstuvwxyzabcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-handoffs-").FullName;
    private readonly ServiceProvider _services;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    public NotebookHandoffsTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddDbContext<SandboxDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_dir, "test.db")}"));
        services.AddSingleton(LocalOrigins.Instance);
        services.AddSingleton(Options.Create(new NotebookOriginOptions()));
        services.AddScoped<SessionAccess>();
        services.AddScoped<NotebookHandoffs>();
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        db.Database.Migrate();
        foreach (var id in new[] { "owner", "mentor", "stranger" })
        {
            db.Users.Add(new SandboxUser { Id = id, UserName = id, Email = $"{id}@x.test", SecurityStamp = $"stamp-{id}" });
        }

        var running = Session.Create(Running, "owner", "python", new SessionSize("small", 1, 2, 0), [], "token", null, null, _clock.GetUtcNow());
        running.BeginProvisioning(_clock.GetUtcNow());
        running.MarkReady(_clock.GetUtcNow());
        db.Sessions.Add(running);
        db.Sessions.Add(Session.Create(Pending, "owner", "python", new SessionSize("small", 1, 2, 0), [], "token", null, null, _clock.GetUtcNow()));
        db.SessionShares.Add(new SessionShare { SessionId = Running, MemberId = "mentor", SharedBy = "owner", CreatedAt = _clock.GetUtcNow(), ExpiresAt = _clock.GetUtcNow().AddHours(1) });
        db.SaveChanges();
    }

    private static ClaimsPrincipal Caller(string id, params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    private async Task<HandoffIssue> IssueAsync(ClaimsPrincipal caller, string session, string? next = null)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotebookHandoffs>().IssueAsync(caller, session, next, CancellationToken.None);
    }

    private async Task<NotebookHandoffRecord?> RedeemAsync(string? code, string session)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotebookHandoffs>().RedeemAsync(code, session, CancellationToken.None);
    }

    private static string CodeOf(HandoffIssue issue) => new Uri(issue.Url!).Query.Split('&')[0]["?code=".Length..];

    [Fact]
    public async Task The_owner_gets_a_url_at_the_sessions_own_origin_that_redeems_once()
    {
        var issue = await IssueAsync(Caller("owner"), Running);
        Assert.Equal(HandoffIssueStatus.Issued, issue.Status);
        Assert.StartsWith($"http://{Running}.nb.localhost:5080/_sandbox/handoff?code=", issue.Url, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(1), issue.ExpiresIn);

        var redeemed = await RedeemAsync(CodeOf(issue), Running);
        Assert.NotNull(redeemed);
        Assert.Equal(("owner", "stamp-owner", Running), (redeemed.MemberId, redeemed.SecurityStamp, redeemed.SessionId));
        Assert.Null(await RedeemAsync(CodeOf(issue), Running));
    }

    [Fact]
    public async Task Racing_redemptions_of_one_code_give_one_ticket()
    {
        var code = CodeOf(await IssueAsync(Caller("owner"), Running));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => RedeemAsync(code, Running))));
        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task A_code_expires_and_is_spent_when_shown_at_another_sessions_origin()
    {
        var late = CodeOf(await IssueAsync(Caller("owner"), Running));
        var elsewhere = CodeOf(await IssueAsync(Caller("owner"), Running));
        Assert.Null(await RedeemAsync(elsewhere, Pending));
        Assert.Null(await RedeemAsync(elsewhere, Running));

        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(await RedeemAsync(late, Running));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("forged-code")]
    public async Task A_forged_code_is_refused(string? code) => Assert.Null(await RedeemAsync(code, Running));

    [Fact]
    public async Task A_mentor_with_an_active_share_and_the_mentor_role_gets_one_others_get_not_found()
    {
        Assert.Equal(HandoffIssueStatus.Issued, (await IssueAsync(Caller("mentor", Roles.Mentor), Running)).Status);
        Assert.Equal(HandoffIssueStatus.NotFound, (await IssueAsync(Caller("mentor"), Running)).Status);
        Assert.Equal(HandoffIssueStatus.NotFound, (await IssueAsync(Caller("stranger", Roles.Mentor, Roles.Admin), Running)).Status);
        Assert.Equal(HandoffIssueStatus.NotFound, (await IssueAsync(Caller("owner"), "zzzzzzzzzzzzzzzz")).Status);

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HandoffIssueStatus.NotFound, (await IssueAsync(Caller("mentor", Roles.Mentor), Running)).Status);
    }

    [Fact]
    public async Task A_session_that_is_not_running_cannot_be_opened() =>
        Assert.Equal(HandoffIssueStatus.NotRunning, (await IssueAsync(Caller("owner"), Pending)).Status);

    [Fact]
    public async Task Where_to_land_is_passed_on_only_inside_the_session()
    {
        Assert.EndsWith("&next=%2Fs%2Fabcdefghijklmnop%2Ftree", (await IssueAsync(Caller("owner"), Running, $"/s/{Running}/tree")).Url, StringComparison.Ordinal);
        Assert.DoesNotContain("next=", (await IssueAsync(Caller("owner"), Running, "https://evil.example/")).Url, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
