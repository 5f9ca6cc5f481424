using FsCheck.Fluent;
using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// The billing contract's properties over FsCheck-generated scenarios (<see cref="ScenarioGenerators"/>); a failure
/// reports the shrunk scenario as an input file and the seed that replays it (<see cref="PropertyChecks"/>).
/// </summary>
public sealed class BillingPropertyTests
{
    [Fact]
    public void Splitting_a_usage_record_at_any_instant_leaves_every_line_unchanged()
    {
        PropertyChecks.Check(Prop.ForAll(ScenarioArbitraries.Splits, split =>
        {
            var whole = split.Scenario;
            var cut = split.Split();
            foreach (var month in ScenarioGenerators.Months)
            {
                var before = Invoices(whole, month);
                var after = Invoices(cut, month);
                Assert.Equal(LineQuantities(before), LineQuantities(after));
                Assert.Equal(InvoiceJson.ToJsonString(before), InvoiceJson.ToJsonString(after));
            }
        }));
    }

    [Fact]
    public void Running_twice_or_with_records_in_another_order_gives_identical_output()
    {
        PropertyChecks.Check(Prop.ForAll(ScenarioArbitraries.Reorders, reorder =>
        {
            var reordered = reorder.Reordered();
            foreach (var month in ScenarioGenerators.Months)
            {
                var first = InvoiceJson.ToUtf8Bytes(Invoices(reorder.Scenario, month));
                var second = InvoiceJson.ToUtf8Bytes(Invoices(reorder.Scenario, month));
                var fromReordered = InvoiceJson.ToUtf8Bytes(Invoices(reordered, month));

                Assert.Equal(first, second);
                Assert.Equal(first, fromReordered);
            }
        }));
    }

    [Fact]
    public void Totals_never_go_below_zero_and_add_up()
    {
        PropertyChecks.Check(Prop.ForAll(ScenarioArbitraries.Scenarios, generated =>
        {
            foreach (var month in ScenarioGenerators.Months)
            {
                foreach (var invoice in Invoices(generated.Scenario, month).Invoices)
                {
                    var credits = generated.Scenario.Credits
                        .Where(c => c.MemberId == invoice.MemberId && c.Month == month)
                        .Sum(c => c.Krw);
                    Assert.True(invoice.TotalKrw >= 0, $"total {invoice.TotalKrw} of {invoice.MemberId}");
                    Assert.Equal(invoice.Lines.Sum(l => l.AmountKrw), invoice.SubtotalKrw);
                    Assert.Equal(Math.Min(invoice.SubtotalKrw, credits), invoice.CreditKrw);
                    Assert.Equal(invoice.SubtotalKrw - invoice.CreditKrw, invoice.TotalKrw);
                    Assert.All(invoice.Lines, l => Assert.True(l.Quantity > 0, $"{l.Resource} line of {invoice.MemberId} has no quantity"));
                }
            }
        }));
    }

    private static IEnumerable<(string, Resource, Tier, string, decimal)> LineQuantities(InvoiceRun run) =>
        run.Invoices.SelectMany(i => i.Lines.Select(l => (i.MemberId, l.Resource, l.Tier, l.RateEffectiveFrom, l.Quantity)));
}
