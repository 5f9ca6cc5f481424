using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Json;

public sealed class InvoiceJsonTests
{
    /// <summary>The input and output of the contract's own example, byte for byte (whitespace aside).</summary>
    [Fact]
    public void The_contracts_example_gives_the_contracts_output()
    {
        const string input = """
            {
              "timeZone": "Asia/Seoul",
              "rateCards": [
                {"tier": "member", "effectiveFrom": "2026-01-01T00:00:00+09:00",
                 "krwPerHour": {"cpu": 30, "memoryGiB": 4, "gpu": 1200}}
              ],
              "memberships": [
                {"member": "m-001", "tier": "member", "from": "2026-01-01T00:00:00+09:00", "to": null}
              ],
              "usage": [
                {"id": "u-1", "member": "m-001", "session": "s-1",
                 "start": "2026-11-03T09:00:00+09:00", "end": "2026-11-03T11:30:00+09:00",
                 "cpu": 2, "memoryGiB": 4, "gpu": 0}
              ],
              "credits": [
                {"member": "m-001", "month": "2026-11", "krw": 5000, "reason": "data voucher"}
              ]
            }
            """;
        const string expected = """
            {"month": "2026-11", "invoices": [
              {"member": "m-001",
               "lines": [
                 {"resource": "cpu", "tier": "member", "rateEffectiveFrom": "2026-01-01T00:00:00+09:00",
                  "krwPerHour": 30, "quantity": "5.000000", "amountKrw": 150},
                 {"resource": "memoryGiB", "tier": "member", "rateEffectiveFrom": "2026-01-01T00:00:00+09:00",
                  "krwPerHour": 4, "quantity": "10.000000", "amountKrw": 40}],
               "subtotalKrw": 190, "creditKrw": 190, "totalKrw": 0}]}
            """;

        var run = Invoices(BillingScenarioJson.Read(input).Scenario!);

        Assert.Equal(WithoutWhitespace(expected), WithoutWhitespace(InvoiceJson.ToJsonString(run)));
    }

    [Fact]
    public void Whole_numbers_print_without_a_fraction_and_rates_keep_their_decimals()
    {
        var scenario = Scenario(
            cards: [Card(Tier.Member, "2026-01-01T00:00:00+09:00", 30.50m, 4.0m, 1200)],
            usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T11:00:00+09:00", cpu: 1, memory: 1)],
            credits: [new Credit("m-001", November, 10.0m, "voucher")]);

        var json = WithoutWhitespace(InvoiceJson.ToJsonString(Invoices(scenario)));

        Assert.Contains("\"krwPerHour\":30.50,", json, StringComparison.Ordinal);
        Assert.Contains("\"krwPerHour\":4.0,", json, StringComparison.Ordinal);
        Assert.Contains("\"amountKrw\":61}", json, StringComparison.Ordinal);
        Assert.Contains("\"subtotalKrw\":69,\"creditKrw\":10,\"totalKrw\":59", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_uses_newline_line_ends_and_ends_with_one()
    {
        var json = InvoiceJson.ToJsonString(Invoices(Scenario(usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1)])));

        Assert.DoesNotContain('\r', json);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_month_has_no_invoices()
    {
        Assert.Equal("{\"month\":\"2026-11\",\"invoices\":[]}", WithoutWhitespace(InvoiceJson.ToJsonString(Invoices(Scenario()))));
    }

    private static string WithoutWhitespace(string json) => string.Concat(json.Where(c => !char.IsWhiteSpace(c)));
}
