namespace Sandbox.Quotas;

/// <summary>A scenario's rate cards and memberships indexed once, shared by validation and rating.</summary>
internal sealed class PreparedScenario
{
    public PreparedScenario(BillingScenario scenario)
    {
        Scenario = scenario;
        Cards = new RateCardTimeline(scenario.RateCards);
        Memberships = new MembershipTimeline(scenario.Memberships);
    }

    public BillingScenario Scenario { get; }

    public RateCardTimeline Cards { get; }

    public MembershipTimeline Memberships { get; }
}
