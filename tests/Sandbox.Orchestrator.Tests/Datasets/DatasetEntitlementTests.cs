using System.Text.Json;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Datasets;

namespace Sandbox.Orchestrator.Tests.Datasets;

public sealed class DatasetEntitlementTests
{
    [Fact]
    public void A_dataset_without_an_access_record_is_open_to_everyone_whatever_their_tier()
    {
        Assert.True(DatasetEntitlement.Allows(null, "m1", Tiers.NonMember));
        Assert.True(DatasetEntitlement.Allows(null, "m1", null));
    }

    [Fact]
    public void Members_access_follows_the_tier_at_that_moment()
    {
        var access = Access(DatasetAccess.Members);

        Assert.True(DatasetEntitlement.Allows(access, "m1", Tiers.Member));
        Assert.False(DatasetEntitlement.Allows(access, "m1", Tiers.NonMember));
        Assert.False(DatasetEntitlement.Allows(access, "m1", null));
    }

    [Fact]
    public void Named_access_admits_only_the_listed_ids_exactly()
    {
        var access = Access(DatasetAccess.Named, "m1", "m2");

        Assert.True(DatasetEntitlement.Allows(access, "m2", Tiers.NonMember));
        Assert.False(DatasetEntitlement.Allows(access, "m3", Tiers.Member));
        Assert.False(DatasetEntitlement.Allows(access, "M1", Tiers.Member));
    }

    [Fact]
    public void An_unknown_access_mode_opens_nothing()
    {
        Assert.False(DatasetEntitlement.Allows(Access("partners"), "m1", Tiers.Member));
    }

    private static DatasetAccessRecord Access(string access, params string[] members) =>
        new() { Name = "shops", Access = access, MembersJson = JsonSerializer.Serialize(members) };
}
