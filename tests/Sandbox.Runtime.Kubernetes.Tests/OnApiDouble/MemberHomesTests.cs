namespace Sandbox.Runtime.Kubernetes.Tests.OnApiDouble;

/// <summary>
/// Members' homes through the adapter (<see cref="KubernetesMemberHomes"/>) against the API double: a home's capacity is
/// its claim's (no used bytes: the API has none), only the asked-for homes are reported, and removing one is refused
/// while the member's pod runs and deletes the claim once it is gone (twice is harmless).
/// </summary>
public sealed class MemberHomesTests : AdapterOnApiDoubleTestBase
{
    private const string Session = "s0000000000000042";

    [Fact]
    public async Task A_home_reports_its_claims_capacity_and_is_removed_only_once_no_pod_of_the_member_runs()
    {
        var runtime = Runtime();
        var homes = Homes();
        var state = await runtime.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline);
        await UntilPodRunsAsync(Session);

        // 1. The home of member-7 exists (made by the start); a member who never launched has none.
        var usage = await homes.UsageAsync(["member-7", "member-never"], Deadline);
        var home = Assert.Single(usage);
        Assert.Equal("member-7", home.Home);
        Assert.Null(home.UsedBytes);
        Assert.Equal((long)(Specs.Options().Home.DefaultSizeGiB * 1024 * 1024 * 1024), home.CapacityBytes);

        // 2. Refused while the member's pod runs; the claim stays.
        var refused = await Assert.ThrowsAsync<RuntimeException>(() => homes.RemoveAsync("member-7", Deadline));
        Assert.Equal("home_in_use", refused.Reason);
        Assert.NotNull(Server.Store.Get("persistentvolumeclaims", Ns, "home-inst0example-member-7"));

        // 3. Once the session is stopped, the claim goes; again is done already.
        await runtime.StopAsync(Session, state, Deadline);
        await UntilAsync(() => PodCount == 0, Deadline);
        await homes.RemoveAsync("member-7", Deadline);
        Assert.Null(Server.Store.Get("persistentvolumeclaims", Ns, "home-inst0example-member-7"));
        await homes.RemoveAsync("member-7", Deadline);
        Assert.Empty(await homes.UsageAsync(["member-7"], Deadline));
    }

    private KubernetesMemberHomes Homes()
    {
        var installation = new RuntimeInstallation();
        installation.Set(Specs.Installation);
        return new KubernetesMemberHomes(Client, Specs.Options(), installation);
    }
}
