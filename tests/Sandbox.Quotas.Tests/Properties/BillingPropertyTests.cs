using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Properties;

public sealed class BillingPropertyTests
{
    [Fact]
    public void Splitting_a_usage_record_at_any_instant_leaves_every_line_unchanged()
    {
        PropertyRunner.ForAll(
            random =>
            {
                var scenario = RandomScenarios.Generate(random);
                var index = random.Next(scenario.Usage.Count);
                var record = scenario.Usage[index];
                var at = record.Start.AddTicks(1 + random.NextInt64((record.End - record.Start).Ticks - 1));
                return (scenario, index, at);
            },
            c =>
            {
                var record = c.scenario.Usage[c.index];
                UsageRecord[] halves = [record with { End = c.at }, record with { Id = record.Id + "-b", Start = c.at }];
                var split = c.scenario with { Usage = [.. c.scenario.Usage.Where((_, i) => i != c.index), .. halves] };

                foreach (var month in new[] { new BillingMonth(2026, 10), November, new BillingMonth(2026, 12) })
                {
                    var before = Invoices(c.scenario, month);
                    var after = Invoices(split, month);
                    Assert.Equal(
                        before.Invoices.SelectMany(i => i.Lines).Select(l => (l.Resource, l.Tier, l.RateEffectiveFrom, l.Quantity)),
                        after.Invoices.SelectMany(i => i.Lines).Select(l => (l.Resource, l.Tier, l.RateEffectiveFrom, l.Quantity)));
                    Assert.Equal(InvoiceJson.ToJsonString(before), InvoiceJson.ToJsonString(after));
                }
            });
    }

    [Fact]
    public void Running_twice_or_with_records_in_another_order_gives_identical_output()
    {
        PropertyRunner.ForAll(
            random => (Scenario: RandomScenarios.Generate(random), Shuffle: random.Next()),
            c =>
            {
                var order = new Random(c.Shuffle);
                var shuffled = c.Scenario with
                {
                    RateCards = c.Scenario.RateCards.OrderBy(_ => order.Next()).ToArray(),
                    Memberships = c.Scenario.Memberships.OrderBy(_ => order.Next()).ToArray(),
                    Usage = c.Scenario.Usage.OrderBy(_ => order.Next()).ToArray(),
                    Credits = c.Scenario.Credits.OrderBy(_ => order.Next()).ToArray(),
                };

                var first = InvoiceJson.ToUtf8Bytes(Invoices(c.Scenario));
                var second = InvoiceJson.ToUtf8Bytes(Invoices(c.Scenario));
                var reordered = InvoiceJson.ToUtf8Bytes(Invoices(shuffled));

                Assert.Equal(first, second);
                Assert.Equal(first, reordered);
            });
    }

    [Fact]
    public void Totals_never_go_below_zero_and_add_up()
    {
        PropertyRunner.ForAll(
            RandomScenarios.Generate,
            scenario =>
            {
                foreach (var invoice in Invoices(scenario).Invoices)
                {
                    Assert.True(invoice.TotalKrw >= 0, $"total {invoice.TotalKrw} of {invoice.MemberId}");
                    Assert.InRange(invoice.CreditKrw, 0, invoice.SubtotalKrw);
                    Assert.Equal(invoice.Lines.Sum(l => l.AmountKrw), invoice.SubtotalKrw);
                    Assert.Equal(invoice.SubtotalKrw - invoice.CreditKrw, invoice.TotalKrw);
                    Assert.All(invoice.Lines, l => Assert.True(l.Quantity > 0));
                }
            });
    }

    [Fact]
    public void Generated_scenarios_are_valid_so_the_properties_test_rating_not_refusal()
    {
        PropertyRunner.ForAll(RandomScenarios.Generate, scenario => Assert.Empty(ScenarioValidator.Validate(scenario)), iterations: 50);
    }
}
