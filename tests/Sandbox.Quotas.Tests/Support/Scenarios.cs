using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Support;

/// <summary>Short ways to write scenarios in tests; times are in the contract's text form.</summary>
internal static class Scenarios
{
    public static readonly BillingMonth November = new(2026, 11);

    public static DateTimeOffset At(string text) =>
        InstantText.TryParse(text, out var instant) ? instant : throw new ArgumentException($"not an instant: {text}", nameof(text));

    public static RateCard Card(Tier tier, string from, decimal cpu, decimal memory, decimal gpu) =>
        new(tier, At(from), new ResourceAmounts(cpu, memory, gpu)) { EffectiveFromAsGiven = from };

    public static RateCard MemberCard(string from = "2026-01-01T00:00:00+09:00") => Card(Tier.Member, from, 30, 4, 1200);

    public static RateCard NonMemberCard(string from = "2026-01-01T00:00:00+09:00") => Card(Tier.NonMember, from, 60, 8, 2400);

    public static Membership Member(string id, Tier tier = Tier.Member, string from = "2026-01-01T00:00:00+09:00", string? to = null) =>
        new(id, tier, At(from), to is null ? null : At(to));

    public static UsageRecord Use(string id, string member, string start, string end, decimal cpu = 0, decimal memory = 0, decimal gpu = 0) =>
        new(id, member, "s-" + id, At(start), At(end), new ResourceAmounts(cpu, memory, gpu));

    public static BillingScenario Scenario(
        IEnumerable<RateCard>? cards = null,
        IEnumerable<Membership>? memberships = null,
        IEnumerable<UsageRecord>? usage = null,
        IEnumerable<Credit>? credits = null,
        string zone = BillingScenario.DefaultTimeZoneId) =>
        new(
            TimeZoneInfo.FindSystemTimeZoneById(zone),
            (cards ?? [MemberCard(), NonMemberCard()]).ToArray(),
            (memberships ?? [Member("m-001")]).ToArray(),
            (usage ?? []).ToArray(),
            (credits ?? []).ToArray());

    /// <summary>Runs the engine and fails the test with the errors when the input was refused.</summary>
    public static InvoiceRun Invoices(BillingScenario scenario, BillingMonth? month = null)
    {
        var result = BillingEngine.Run(scenario, month ?? November);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Run!;
    }

    public static IReadOnlyList<BillingError> Errors(BillingScenario scenario)
    {
        var result = BillingEngine.Run(scenario, November);
        Assert.Null(result.Run);
        return result.Errors;
    }

    public static InvoiceLine Line(InvoiceRun run, string member, Resource resource, Tier tier) =>
        run.Invoices.Single(i => i.MemberId == member).Lines.Single(l => l.Resource == resource && l.Tier == tier);
}
