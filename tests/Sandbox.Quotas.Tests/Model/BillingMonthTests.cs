using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Model;

public sealed class BillingMonthTests
{
    [Theory]
    [InlineData("2026-11", true)]
    [InlineData("0001-01", true)]
    [InlineData("2026-00", false)]
    [InlineData("2026-13", false)]
    [InlineData("2026-1", false)]
    [InlineData("2026/11", false)]
    [InlineData("２０２６-11", false)]
    [InlineData(null, false)]
    public void Only_YYYY_MM_parses(string? text, bool parses)
    {
        Assert.Equal(parses, BillingMonth.TryParse(text, out var month));
        if (parses)
        {
            Assert.Equal(text, month.ToString());
        }
    }

    [Fact]
    public void A_month_starts_at_local_midnight_of_its_first_day()
    {
        var seoul = BillingScenario.DefaultTimeZone;

        Assert.Equal(new DateTimeOffset(2026, 10, 31, 15, 0, 0, TimeSpan.Zero), new BillingMonth(2026, 11).StartIn(seoul));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(9)), new BillingMonth(2026, 12).Next.StartIn(seoul));
        Assert.Equal(new BillingMonth(2026, 11), BillingMonth.Containing(new DateTimeOffset(2026, 10, 31, 15, 0, 0, TimeSpan.Zero), seoul));
        Assert.Equal(new BillingMonth(2026, 10), BillingMonth.Containing(new DateTimeOffset(2026, 10, 31, 14, 59, 59, TimeSpan.Zero), seoul));
    }
}
