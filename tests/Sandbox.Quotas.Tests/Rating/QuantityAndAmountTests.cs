using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Rating;

/// <summary>Rules 2 and 3: quantities from exact milliseconds, amounts from exact quantities, rounded half away from zero.</summary>
public sealed class QuantityAndAmountTests
{
    [Fact]
    public void Durations_are_exact_to_the_millisecond()
    {
        // One hour and one millisecond of 3.6 million vCPUs is 3,600,001 vCPU-hours.
        var scenario = Scenario(usage: [Use("u-1", "m-001", "2026-11-03T09:00:00.000+09:00", "2026-11-03T10:00:00.001+09:00", cpu: 3_600_000)]);

        var line = Invoices(scenario).Invoices.Single().Lines.Single();

        Assert.Equal(3_600_001m, line.Quantity);
        Assert.Equal("3600001.000000", line.QuantityText);
    }

    [Fact]
    public void A_single_millisecond_is_billed()
    {
        var scenario = Scenario(usage: [Use("u-1", "m-001", "2026-11-03T09:00:00.000+09:00", "2026-11-03T09:00:00.001+09:00", cpu: 1)]);

        var line = Invoices(scenario).Invoices.Single().Lines.Single();

        Assert.Equal(1m / 3_600_000m, line.Quantity);
        Assert.Equal("0.000000", line.QuantityText);
    }

    [Fact]
    public void Amounts_come_from_the_exact_quantity_not_the_printed_one()
    {
        // 1 ms at 1,800,000 KRW an hour is exactly 0.5 KRW, which rounds up to 1, although the quantity prints as 0.000000.
        var scenario = Scenario(
            cards: [Card(Tier.Member, "2026-01-01T00:00:00+09:00", 1_800_000, 0, 0)],
            usage: [Use("u-1", "m-001", "2026-11-03T09:00:00.000+09:00", "2026-11-03T09:00:00.001+09:00", cpu: 1)]);

        var line = Invoices(scenario).Invoices.Single().Lines.Single();

        Assert.Equal("0.000000", line.QuantityText);
        Assert.Equal(1m, line.AmountKrw);
    }

    [Fact]
    public void Decimal_rates_and_amounts_are_computed_exactly()
    {
        // 1.5 vCPUs for 20 minutes at 30.25 KRW is 0.5 vCPU-hours, 15.125 KRW, rounded to 15.
        var scenario = Scenario(
            cards: [Card(Tier.Member, "2026-01-01T00:00:00+09:00", 30.25m, 4.10m, 0)],
            usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T09:20:00+09:00", cpu: 1.5m, memory: 0.75m)]);

        var lines = Invoices(scenario).Invoices.Single().Lines;

        Assert.Equal((0.5m, 15m, 30.25m), (lines[0].Quantity, lines[0].AmountKrw, lines[0].KrwPerHour));
        Assert.Equal((0.25m, 1m, 4.10m), (lines[1].Quantity, lines[1].AmountKrw, lines[1].KrwPerHour));
        Assert.Equal("4.10", lines[1].KrwPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(30, "2026-11-03T09:05:00+09:00", 3)] // 2.5 KRW rounds half away from zero to 3
    [InlineData(30, "2026-11-03T09:07:00+09:00", 4)] // 3.5 KRW to 4 (not to even)
    [InlineData(30, "2026-11-03T09:04:59.999+09:00", 2)] // just under 2.5 KRW to 2
    public void Amounts_round_half_away_from_zero(decimal rate, string end, decimal expected)
    {
        var scenario = Scenario(
            cards: [Card(Tier.Member, "2026-01-01T00:00:00+09:00", rate, 0, 0)],
            usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", end, cpu: 1)]);

        Assert.Equal(expected, Invoices(scenario).Invoices.Single().Lines.Single().AmountKrw);
    }

    [Theory]
    [InlineData("2.5", "3")]
    [InlineData("-2.5", "-3")]
    [InlineData("2.4999", "2")]
    [InlineData("-2.4999", "-2")]
    [InlineData("3.5", "4")]
    public void Krw_rounding_is_half_away_from_zero_for_both_signs(string value, string expected)
    {
        var rounded = KrwRounding.ToWholeKrw(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rounded);
    }

    [Theory]
    [InlineData("0.0000005", "0.000001")]
    [InlineData("-0.0000005", "-0.000001")]
    [InlineData("0.00000049", "0.000000")]
    [InlineData("5", "5.000000")]
    [InlineData("1.2345675", "1.234568")]
    public void Quantities_print_with_six_decimals_rounded_half_away_from_zero(string value, string expected)
    {
        Assert.Equal(expected, KrwRounding.QuantityText(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_line_sums_its_fragments_before_rounding()
    {
        // Three records of 0.4 KRW each: one line of 1.2 KRW, rounded to 1 (rounding each would give 0).
        var card = Card(Tier.Member, "2026-01-01T00:00:00+09:00", 24, 0, 0);
        var usage = Enumerable.Range(0, 3)
            .Select(i => Use($"u-{i}", "m-001", $"2026-11-0{i + 1}T09:00:00+09:00", $"2026-11-0{i + 1}T09:01:00+09:00", cpu: 1));

        var line = Invoices(Scenario(cards: [card], usage: usage)).Invoices.Single().Lines.Single();

        Assert.Equal(0.05m, line.Quantity);
        Assert.Equal(1m, line.AmountKrw);
    }

    [Fact]
    public void Lines_with_zero_quantity_are_left_out()
    {
        var scenario = Scenario(usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1, memory: 0, gpu: 0)]);

        var lines = Invoices(scenario).Invoices.Single().Lines;

        Assert.Equal([Resource.Cpu], lines.Select(l => l.Resource));
    }

    [Fact]
    public void Sub_millisecond_instants_are_floored_to_their_millisecond()
    {
        // 09:00:00.0009 and 10:00:00.0001 floor to 09:00:00.000 and 10:00:00.000: exactly one hour.
        var scenario = Scenario(usage: [Use("u-1", "m-001", "2026-11-03T09:00:00.0009+09:00", "2026-11-03T10:00:00.0001+09:00", cpu: 1)]);

        Assert.Equal(1m, Invoices(scenario).Invoices.Single().Lines.Single().Quantity);
    }
}
