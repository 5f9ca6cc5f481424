using System.Text;
using System.Text.Json;

namespace Sandbox.Quotas;

/// <summary>
/// Writes invoices in the shape of <c>shared/contracts/billing.md</c>: the command line's stdout and the
/// API's <c>GET /api/v1/invoices</c> body are the same bytes.
/// </summary>
public static class InvoiceJson
{
    public static void Write(InvoiceRun run, Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var writer = new Utf8JsonWriter(utf8Json, JsonWriting.Options);
        Write(run, writer);
        writer.Flush();
        utf8Json.Write("\n"u8);
    }

    /// <summary>Writes the run as one JSON value into a writer the caller owns (for example an HTTP response's).</summary>
    public static void Write(InvoiceRun run, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("month", run.Month.ToString());
        writer.WriteStartArray("invoices");
        foreach (var invoice in run.Invoices)
        {
            writer.WriteStartObject();
            writer.WriteString("member", invoice.MemberId);
            writer.WriteStartArray("lines");
            foreach (var line in invoice.Lines)
            {
                writer.WriteStartObject();
                writer.WriteString("resource", line.Resource.ToName());
                writer.WriteString("tier", line.Tier.ToName());
                writer.WriteString("rateEffectiveFrom", line.RateEffectiveFrom);
                writer.WriteNumber("krwPerHour", line.KrwPerHour);
                writer.WriteString("quantity", line.QuantityText);
                writer.WriteNumber("amountKrw", BillingNumbers.WholeWithoutFraction(line.AmountKrw));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("subtotalKrw", BillingNumbers.WholeWithoutFraction(invoice.SubtotalKrw));
            writer.WriteNumber("creditKrw", BillingNumbers.WholeWithoutFraction(invoice.CreditKrw));
            writer.WriteNumber("totalKrw", BillingNumbers.WholeWithoutFraction(invoice.TotalKrw));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The run as UTF-8 bytes, ending with a newline.</summary>
    public static byte[] ToUtf8Bytes(InvoiceRun run)
    {
        using var buffer = new MemoryStream();
        Write(run, buffer);
        return buffer.ToArray();
    }

    public static string ToJsonString(InvoiceRun run) => Encoding.UTF8.GetString(ToUtf8Bytes(run));
}
