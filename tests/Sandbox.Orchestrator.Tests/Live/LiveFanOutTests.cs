using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Live;

/// <summary>Store writes through the real interceptor and fan-out: who hears what.</summary>
public sealed class LiveFanOutTests
{
    [Fact]
    public async Task A_session_change_reaches_every_connection_of_its_owner_and_active_mentors_and_nobody_else()
    {
        await using var live = new LiveHarness();
        var id = await live.AddSessionAsync("owner");
        await live.ShareAsync(id, "mentor", TimeSpan.FromMinutes(30));
        await live.ShareAsync(id, "revoked", TimeSpan.FromMinutes(30), revoked: true);
        await live.ShareAsync(id, "expired", TimeSpan.FromMinutes(1));
        live.Published();
        live.Clock.Advance(TimeSpan.FromMinutes(2));
        string[] ids = ["owner-1", "owner-2", "mentor-1", "revoked-1", "expired-1", "stranger-1"];
        var connections = ids.ToDictionary(id => id, id => live.Connect(id, id[..id.IndexOf('-', StringComparison.Ordinal)]));

        await live.WriteAsync(async db => (await db.Sessions.SingleAsync(s => s.Id == id)).BeginProvisioning(live.Clock.GetUtcNow()));
        await live.DrainAsync();

        foreach (var hears in new[] { "owner-1", "owner-2", "mentor-1" })
        {
            var sent = Assert.Single(await live.Sender.WaitForAsync(hears, 1));
            Assert.Equal(LiveMethods.SessionUpdated, sent.Method);
            var view = Assert.IsType<SessionView>(sent.Argument);
            Assert.Equal((id, "provisioning", 10), (view.Id, view.State, view.Progress));
        }

        // The change was delivered (every outbox has what it will get): each deaf outbox, pumped through, held nothing.
        foreach (var deaf in new[] { "revoked-1", "expired-1", "stranger-1" })
        {
            Assert.Empty(await live.Sender.FlushedAsync(connections[deaf]));
        }
    }

    [Fact]
    public async Task Only_writes_people_can_see_are_news_and_a_rolled_back_transaction_announces_nothing()
    {
        await using var live = new LiveHarness();
        var id = await live.AddSessionAsync("owner");
        Assert.IsType<SessionChanged>(Assert.Single(live.Published()));

        // 1. Becoming ready is news; being seen alive again (a stored time no view shows) is not.
        await live.WriteAsync(async db => (await db.Sessions.SingleAsync(s => s.Id == id)).BeginProvisioning(live.Clock.GetUtcNow()));
        await live.WriteAsync(async db => (await db.Sessions.SingleAsync(s => s.Id == id)).MarkReady(live.Clock.GetUtcNow()));
        live.Clock.Advance(TimeSpan.FromSeconds(30));
        await live.WriteAsync(async db => (await db.Sessions.SingleAsync(s => s.Id == id)).RecordSeen(live.Clock.GetUtcNow()));
        Assert.Equal(["provisioning", "running"], live.Published().Cast<SessionChanged>().Select(c => c.View.State));

        // 2. Inside a transaction: nothing until it commits, nothing at all if it rolls back.
        await live.WriteAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Sessions.SingleAsync(s => s.Id == id)).RequestStop(live.Clock.GetUtcNow());
            (await db.Sessions.SingleAsync(s => s.Id == id)).BeginStopping(live.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            Assert.Empty(live.Published());
            await transaction.RollbackAsync();
        });
        Assert.Empty(live.Published());
        await live.WriteAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Sessions.SingleAsync(s => s.Id == id)).BeginStopping(live.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            Assert.Empty(live.Published());
            await transaction.CommitAsync();
        });
        Assert.Equal("stopping", Assert.IsType<SessionChanged>(Assert.Single(live.Published())).View.State);
    }

    [Fact]
    public async Task A_new_share_shows_the_session_to_the_mentor_at_once()
    {
        await using var live = new LiveHarness();
        var id = await live.AddSessionAsync("owner");
        live.Published();
        live.Connect("mentor-1", "mentor");
        var other = live.Connect("other-1", "other");

        await live.ShareAsync(id, "mentor", TimeSpan.FromMinutes(30));
        await live.DrainAsync();

        var sent = Assert.Single(await live.Sender.WaitForAsync("mentor-1", 1));
        Assert.Equal(id, Assert.IsType<SessionView>(sent.Argument).Id);
        Assert.Empty(await live.Sender.FlushedAsync(other));
    }

    [Fact]
    public async Task Notices_reach_their_member_only_and_dataset_builds_reach_admins_only()
    {
        await using var live = new LiveHarness();
        await live.MakeAdminAsync("admin");
        live.Published();
        live.Connect("admin-1", "admin");
        live.Connect("member-1", "member");
        var notices = new HubMemberNotices(live.Feed, live.Clock);

        await notices.SendAsync("member", new MemberNotice(MemberNoticeKinds.BudgetWarning, "80 % of your budget is used.", "s1"), CancellationToken.None);
        live.Feed.Publish(new DatasetVersionChanged(new DatasetUpdate("parks", "1", "building", null)));
        await live.DrainAsync();

        var notice = Assert.IsType<MemberNotice>(Assert.Single(await live.Sender.WaitForAsync("member-1", 1)).Argument);
        Assert.Equal((MemberNoticeKinds.BudgetWarning, "s1", live.Clock.GetUtcNow()), (notice.Kind, notice.SessionId, notice.At!.Value));
        var dataset = Assert.Single(await live.Sender.WaitForAsync("admin-1", 1));
        Assert.Equal(LiveMethods.DatasetUpdated, dataset.Method);
        Assert.Equal(new DatasetUpdate("parks", "1", "building", null), dataset.Argument);
    }
}
