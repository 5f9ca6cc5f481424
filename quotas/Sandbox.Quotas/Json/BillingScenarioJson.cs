using System.Text;
using System.Text.Json;

namespace Sandbox.Quotas;

/// <summary>Reads and writes the scenario file of <c>shared/contracts/billing.md</c>.</summary>
public static class BillingScenarioJson
{
    /// <summary>Reads a scenario from UTF-8 JSON. Never throws for bad content: every problem is an error in the result.</summary>
    public static ScenarioReadResult Read(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);

        // Deserializing from a stream makes the serializer read each usage record ahead before its converter
        // sees it, tokenizing a million records twice; the whole file in memory is read once, and faster.
        var bytes = ReadAll(utf8Json);
        return Convert(context => JsonSerializer.Deserialize(WithoutByteOrderMark(bytes), context.ScenarioDocument));
    }

    /// <inheritdoc cref="Read(Stream)"/>
    public static ScenarioReadResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Convert(context => JsonSerializer.Deserialize(json, context.ScenarioDocument));
    }

    /// <summary>Writes a scenario in the contract's shape (times of usage and memberships formatted with their own offsets).</summary>
    public static void Write(BillingScenario scenario, Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        using var writer = new Utf8JsonWriter(utf8Json, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("timeZone", scenario.TimeZone.Id);

        writer.WriteStartArray("rateCards");
        foreach (var card in scenario.RateCards)
        {
            writer.WriteStartObject();
            writer.WriteString("tier", card.Tier.ToName());
            writer.WriteString("effectiveFrom", card.EffectiveFromText);
            writer.WriteStartObject("krwPerHour");
            writer.WriteNumber("cpu", card.KrwPerHour.Cpu);
            writer.WriteNumber("memoryGiB", card.KrwPerHour.MemoryGiB);
            writer.WriteNumber("gpu", card.KrwPerHour.Gpu);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("memberships");
        foreach (var membership in scenario.Memberships)
        {
            writer.WriteStartObject();
            writer.WriteString("member", membership.MemberId);
            writer.WriteString("tier", membership.Tier.ToName());
            writer.WriteString("from", InstantText.Format(membership.From));
            if (membership.To is { } to)
            {
                writer.WriteString("to", InstantText.Format(to));
            }
            else
            {
                writer.WriteNull("to");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("usage");
        foreach (var usage in scenario.Usage)
        {
            writer.WriteStartObject();
            writer.WriteString("id", usage.Id);
            writer.WriteString("member", usage.MemberId);
            writer.WriteString("session", usage.SessionId);
            writer.WriteString("start", InstantText.Format(usage.Start));
            writer.WriteString("end", InstantText.Format(usage.End));
            writer.WriteNumber("cpu", usage.Amounts.Cpu);
            writer.WriteNumber("memoryGiB", usage.Amounts.MemoryGiB);
            writer.WriteNumber("gpu", usage.Amounts.Gpu);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("credits");
        foreach (var credit in scenario.Credits)
        {
            writer.WriteStartObject();
            writer.WriteString("member", credit.MemberId);
            writer.WriteString("month", credit.Month.ToString());
            writer.WriteNumber("krw", credit.Krw);
            writer.WriteString("reason", credit.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        utf8Json.Write("\n"u8);
    }

    /// <summary>The scenario as a UTF-8 JSON string.</summary>
    public static string ToJsonString(BillingScenario scenario)
    {
        using var buffer = new MemoryStream();
        Write(scenario, buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static byte[] ReadAll(Stream stream)
    {
        if (stream.CanSeek)
        {
            var bytes = new byte[stream.Length - stream.Position];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static ReadOnlySpan<byte> WithoutByteOrderMark(byte[] bytes) =>
        bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;

    private static ScenarioReadResult Convert(Func<ScenarioJsonContext, ScenarioDocument?> deserialize)
    {
        var memberIds = new MemberIdPool();
        var usageReader = new UsageRecordReader(memberIds);
        ScenarioDocument? document;
        try
        {
            document = deserialize(ScenarioJsonContext.ForOneRead(usageReader));
        }
        catch (JsonException e)
        {
            // The serializer's message names the JSON path and line of the offending value.
            return new ScenarioReadResult(null, [new BillingError(BillingErrorKind.MalformedInput, RecordNames.Input, e.Message)]);
        }

        if (document is null)
        {
            return new ScenarioReadResult(null, [new BillingError(BillingErrorKind.MalformedInput, RecordNames.Input, "is null, not a scenario object")]);
        }

        return new ScenarioDocumentConverter(memberIds).Convert(document, usageReader.Errors);
    }
}
