using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Sweeps;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>Images of withdrawn dataset versions, removed by the sweep once unmounted (fake clock, real store).</summary>
public sealed class WithdrawnImageSweepWorkTests
{
    [Fact]
    public async Task A_withdrawn_image_goes_after_the_grace_once_no_live_session_mounts_it_and_its_entry_stays_marked()
    {
        await using var harness = new SweepHarness();
        var withdrawn = await harness.AddVersionAsync("shops", "1", withdrawn: true);
        await harness.AddVersionAsync("shops", "2", withdrawn: false);
        await harness.AddSessionAsync("s-1", running: true, new SessionDataset("shops", "1", withdrawn));

        // 1. Within the grace, and while a session mounts it: kept.
        await harness.RunAsync<WithdrawnImageSweepWork>();
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        await harness.RunAsync<WithdrawnImageSweepWork>();
        Assert.Empty(harness.Images.Removed);

        // 2. The session ends: the image goes, the entry is marked when, and the published version is untouched.
        await harness.StopSessionAsync("s-1");
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.RunAsync<WithdrawnImageSweepWork>();
        Assert.Equal([withdrawn], harness.Images.Removed);
        var removedAt = await harness.ImageRemovedAtAsync();
        Assert.Equal(harness.Clock.GetUtcNow(), removedAt["shops:1"]);
        Assert.Null(removedAt["shops:2"]);

        // 3. Another pass removes nothing again.
        await harness.RunAsync<WithdrawnImageSweepWork>();
        Assert.Single(harness.Images.Removed);
    }

    [Fact]
    public async Task An_image_the_runtime_still_uses_stays_unmarked_for_the_next_pass()
    {
        await using var harness = new SweepHarness();
        var image = await harness.AddVersionAsync("roads", "1", withdrawn: true);
        harness.Images.InUse.Add(image);
        harness.Clock.Advance(TimeSpan.FromHours(1));

        await harness.RunAsync<WithdrawnImageSweepWork>();
        Assert.Null((await harness.ImageRemovedAtAsync())["roads:1"]);

        harness.Images.InUse.Clear();
        await harness.RunAsync<WithdrawnImageSweepWork>();
        Assert.Equal([image], harness.Images.Removed);
        Assert.NotNull((await harness.ImageRemovedAtAsync())["roads:1"]);
    }
}
