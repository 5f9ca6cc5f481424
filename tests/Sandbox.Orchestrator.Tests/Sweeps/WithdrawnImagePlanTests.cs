using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Sweeps;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>Which withdrawn versions' images may be removed.</summary>
public sealed class WithdrawnImagePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    [Fact]
    public void An_unmounted_version_withdrawn_long_enough_ago_is_removable()
    {
        var version = Withdrawn(1, "shops", "1", Now - Grace);

        Assert.Equal([version], WithdrawnImagePlan.Removable([version], [], Now, Grace));
    }

    [Fact]
    public void A_version_withdrawn_within_the_grace_stays()
    {
        var version = Withdrawn(1, "shops", "1", Now - Grace + TimeSpan.FromSeconds(1));

        Assert.Empty(WithdrawnImagePlan.Removable([version], [], Now, Grace));
    }

    [Fact]
    public void A_version_a_live_session_mounts_stays_by_name_and_version_or_by_image()
    {
        var byVersion = Withdrawn(1, "shops", "1", Now.AddDays(-1));
        var byImage = Withdrawn(2, "roads", "2", Now.AddDays(-1));
        var free = Withdrawn(3, "parks", "1", Now.AddDays(-1));
        var live = new[]
        {
            new LiveSession("s-1", SessionState.Running, [new SessionDataset("shops", "1", "elsewhere/shops:1")]),
            new LiveSession("s-2", SessionState.Stopping, [new SessionDataset("renamed", "9", byImage.Image)]),
        };

        Assert.Equal([free], WithdrawnImagePlan.Removable([free, byImage, byVersion], live, Now, Grace));
    }

    private static WithdrawnVersion Withdrawn(long id, string name, string version, DateTimeOffset at) =>
        new(id, name, version, $"sandbox-data/{name}:{version}", at);
}
