using System.Globalization;

namespace Sandbox.Quotas;

/// <summary>
/// Invoices as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a quote or
/// a line break), with the same numbers, formatted the same way, as <see cref="InvoiceJson"/>.
/// </summary>
/// <remarks>
/// Layout: a header, then one row per invoice line, in the JSON's order:
/// <c>member,month,resource,tier,rateEffectiveFrom,krwPerHour,quantity,amountKrw,subtotalKrw,creditKrw,totalKrw</c>.
/// The last three columns are the line's invoice totals, repeated on each of its lines, so the file is one flat
/// table a spreadsheet can filter and pivot: summing <c>amountKrw</c> over a member's rows gives its
/// <c>subtotalKrw</c>, and every invoice has at least one line, so no invoice is lost. (Separate total rows
/// would make a column sum count every amount twice.)
/// </remarks>
public static class InvoiceCsv
{
    public const string Header =
        "member,month,resource,tier,rateEffectiveFrom,krwPerHour,quantity,amountKrw,subtotalKrw,creditKrw,totalKrw";

    private const string LineEnd = "\r\n";

    public static void Write(InvoiceRun run, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header);
        writer.Write(LineEnd);
        var month = run.Month.ToString();
        foreach (var invoice in run.Invoices)
        {
            foreach (var line in invoice.Lines)
            {
                WriteRow(
                    writer,
                    invoice.MemberId,
                    month,
                    line.Resource.ToName(),
                    line.Tier.ToName(),
                    line.RateEffectiveFrom,
                    Number(line.KrwPerHour),
                    line.QuantityText,
                    Number(BillingNumbers.WholeWithoutFraction(line.AmountKrw)),
                    Number(BillingNumbers.WholeWithoutFraction(invoice.SubtotalKrw)),
                    Number(BillingNumbers.WholeWithoutFraction(invoice.CreditKrw)),
                    Number(BillingNumbers.WholeWithoutFraction(invoice.TotalKrw)));
            }
        }
    }

    public static string ToCsvString(InvoiceRun run)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(run, writer);
        return writer.ToString();
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteRow(TextWriter writer, params ReadOnlySpan<string> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Escape(fields[i]));
        }

        writer.Write(LineEnd);
    }

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
