using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// A scenario and the seed of a reordering of its records. The seed, not the reordered lists, is kept so that the
/// same reordering applies to every shrunk scenario.
/// </summary>
internal sealed record ReorderCase(BillingScenario Scenario, int Seed)
{
    /// <summary>The same records, every list in another order.</summary>
    public BillingScenario Reordered()
    {
        var order = new Random(Seed);
        return Scenario with
        {
            RateCards = [.. Scenario.RateCards.OrderBy(_ => order.Next())],
            Memberships = [.. Scenario.Memberships.OrderBy(_ => order.Next())],
            Usage = [.. Scenario.Usage.OrderBy(_ => order.Next())],
            Credits = [.. Scenario.Credits.OrderBy(_ => order.Next())],
        };
    }

    public override string ToString() => $"reordering {Seed} of {BillingScenarioJson.ToJsonString(Scenario)}";
}
