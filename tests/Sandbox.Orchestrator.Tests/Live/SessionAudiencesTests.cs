using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Live;

/// <summary>
/// The fan-out's cached audiences: no store read per change, yet a revoked share stops a mentor's updates once the
/// revocation's command arrives, or, if it never does, once the re-check interval has passed.
/// </summary>
public sealed class SessionAudiencesTests
{
    [Fact]
    public async Task A_share_revoked_without_a_command_stops_updates_after_the_recheck_interval_and_with_one_at_once()
    {
        await using var live = new LiveHarness();
        var id = await live.AddSessionAsync("owner");
        await live.ShareAsync(id, "mentor", TimeSpan.FromHours(1));
        live.Published();
        var mentor = live.Connect("mentor-1", "mentor");
        live.Connect("owner-1", "owner"); // hears every change: the signal that one was delivered

        // 1. Read once, then cached.
        await ChangeAsync(live, id);
        Assert.Single(await live.Sender.WaitForAsync("mentor-1", 1));
        Assert.Equal(1, live.Audiences.Count);

        // 2. Revoked in the store with no command (a lost message): still cached, within the interval.
        await live.WriteAsync(async db => (await db.SessionShares.SingleAsync(s => s.SessionId == id)).RevokedAt = live.Clock.GetUtcNow());
        live.Published();
        await ChangeAsync(live, id);
        Assert.Equal(2, (await live.Sender.WaitForAsync("mentor-1", 2)).Count);

        // 3. One interval later the store is read again: the mentor hears nothing more.
        live.Clock.Advance(new RedisOptions().RecheckInterval);
        await ChangeAsync(live, id);
        Assert.Equal(3, (await live.Sender.WaitForAsync("owner-1", 3)).Count);
        Assert.Equal(2, (await live.Sender.FlushedAsync(mentor)).Count);

        // 4. Shared again, heard again at once (the new share is news on every replica); revoked with the command: silent at once.
        await live.ShareAsync(id, "mentor", TimeSpan.FromHours(1));
        await live.DrainAsync();
        Assert.Equal(3, (await live.Sender.WaitForAsync("mentor-1", 3)).Count);
        await ChangeAsync(live, id);
        Assert.Equal(4, (await live.Sender.WaitForAsync("mentor-1", 4)).Count);
        await live.WriteAsync(async db =>
        {
            foreach (var share in await db.SessionShares.Where(s => s.SessionId == id && s.RevokedAt == null).ToListAsync())
            {
                share.RevokedAt = live.Clock.GetUtcNow();
            }
        });
        live.Published();
        live.Audiences.Forget(id); // what ShareEnded does on every replica
        await ChangeAsync(live, id);
        Assert.Equal(5, (await live.Sender.WaitForAsync("owner-1", 5)).Count);
        Assert.Equal(4, (await live.Sender.FlushedAsync(mentor)).Count);
    }

    [Fact]
    public void Every_kind_of_live_change_survives_the_trip_between_replicas()
    {
        var at = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
        LiveChange[] changes =
        [
            new SessionChanged("owner", new SessionView("s1", "owner", "python", "small", "running", null, 100, "Ready", "http://s1.nb.localhost/",
                at, at.AddSeconds(5), null, [new SessionDatasetView("shops", "1")])),
            new SessionShared("s1", "mentor"),
            new MemberNoticed("owner", new MemberNotice(MemberNoticeKinds.BudgetWarning, "80 %", "s1", at)),
            new DatasetVersionChanged(new DatasetUpdate("shops", "2", "failed", "dataset.invalid_archive")),
        ];
        foreach (var change in changes)
        {
            var encoded = RedisLiveChangeFeed.Encode(change);
            var decoded = RedisLiveChangeFeed.Decode(encoded);
            Assert.NotNull(decoded);
            Assert.Equal(change.GetType(), decoded.GetType());
            Assert.Equal(encoded, RedisLiveChangeFeed.Encode(decoded)); // every field came back (lists compare by content this way)
        }
    }

    private static async Task ChangeAsync(LiveHarness live, string id)
    {
        await live.WriteAsync(async db =>
        {
            var session = await db.Sessions.SingleAsync(s => s.Id == id);
            session.ReportProgress(session.Progress, $"step {Guid.NewGuid():N}");
        });
        await live.DrainAsync();
    }
}
