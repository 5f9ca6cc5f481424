using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Csv;

public sealed class InvoiceCsvTests
{
    [Fact]
    public void Each_line_is_a_row_carrying_its_invoices_totals()
    {
        var scenario = Scenario(
            memberships: [Member("m-001"), Member("m-002", Tier.NonMember)],
            usage:
            [
                Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T11:30:00+09:00", cpu: 2, memory: 4),
                Use("u-2", "m-002", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1),
            ],
            credits: [new Credit("m-001", November, 5000, "data voucher")]);

        var csv = InvoiceCsv.ToCsvString(Invoices(scenario));

        Assert.Equal(
            "member,month,resource,tier,rateEffectiveFrom,krwPerHour,quantity,amountKrw,subtotalKrw,creditKrw,totalKrw\r\n"
            + "m-001,2026-11,cpu,member,2026-01-01T00:00:00+09:00,30,5.000000,150,190,190,0\r\n"
            + "m-001,2026-11,memoryGiB,member,2026-01-01T00:00:00+09:00,4,10.000000,40,190,190,0\r\n"
            + "m-002,2026-11,cpu,non_member,2026-01-01T00:00:00+09:00,60,1.000000,60,60,0,60\r\n",
            csv);
    }

    [Fact]
    public void Fields_with_commas_or_quotes_are_quoted()
    {
        var scenario = Scenario(
            memberships: [Member("shop, \"Kim\"")],
            usage: [Use("u-1", "shop, \"Kim\"", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1)]);

        var row = InvoiceCsv.ToCsvString(Invoices(scenario)).Split("\r\n")[1];

        Assert.StartsWith("\"shop, \"\"Kim\"\"\",2026-11,cpu,", row, StringComparison.Ordinal);
    }
}
