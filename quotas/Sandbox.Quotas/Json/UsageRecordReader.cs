using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Quotas;

/// <summary>
/// Reads each usage record straight from the file's bytes into a <see cref="UsageRecord"/>: no intermediate
/// strings for times, pooled member ids. A month holds a million of them, and reading them through text
/// objects first cost more time and memory than rating them. A malformed record becomes null and errors
/// naming it; reading goes on. One instance per file read (it counts records and collects their errors).
/// </summary>
internal sealed class UsageRecordReader(MemberIdPool memberIds) : JsonConverter<UsageRecord?>
{
    private const int MaxStackChars = 64;

    private int _index = -1;

    public List<BillingError> Errors { get; } = [];

    // Null elements reach Read, so they are counted and reported like other malformed records.
    public override bool HandleNull => true;

    public override UsageRecord? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        _index++;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Errors.Add(new BillingError(BillingErrorKind.MalformedInput, RecordNames.UsageAt(_index), "is not an object"));
            reader.Skip();
            return null;
        }

        // 1. Every property, remembering what is wrong instead of stopping.
        string? id = null, member = null, session = null;
        DateTimeOffset? start = null, end = null;
        decimal cpu = 0, memory = 0, gpu = 0;
        List<(BillingErrorKind Kind, string Message)>? problems = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("id"u8))
            {
                id = ReadString(ref reader, "id", ref problems);
            }
            else if (name.SequenceEqual("member"u8))
            {
                member = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
                    ? memberIds.Intern(reader.ValueSpan)
                    : ReadString(ref reader, "member", ref problems) is { } text ? memberIds.Intern(text) : null;
            }
            else if (name.SequenceEqual("session"u8))
            {
                session = ReadString(ref reader, "session", ref problems);
            }
            else if (name.SequenceEqual("start"u8))
            {
                start = ReadInstant(ref reader, "start", ref problems);
            }
            else if (name.SequenceEqual("end"u8))
            {
                end = ReadInstant(ref reader, "end", ref problems);
            }
            else if (name.SequenceEqual("cpu"u8))
            {
                cpu = ReadAmount(ref reader, "cpu", ref problems);
            }
            else if (name.SequenceEqual("memoryGiB"u8))
            {
                memory = ReadAmount(ref reader, "memoryGiB", ref problems);
            }
            else if (name.SequenceEqual("gpu"u8))
            {
                gpu = ReadAmount(ref reader, "gpu", ref problems);
            }
            else
            {
                reader.Skip();
            }
        }

        // 2. Required fields; an absent amount holds none of that resource.
        if (string.IsNullOrEmpty(id))
        {
            Add(ref problems, BillingErrorKind.MissingField, "id is missing");
        }

        if (string.IsNullOrEmpty(member))
        {
            Add(ref problems, BillingErrorKind.MissingField, "member is missing");
        }

        if (start is null && !Mentions(problems, "start"))
        {
            Add(ref problems, BillingErrorKind.MissingField, "start is missing");
        }

        if (end is null && !Mentions(problems, "end"))
        {
            Add(ref problems, BillingErrorKind.MissingField, "end is missing");
        }

        if (problems is not null)
        {
            var record = string.IsNullOrEmpty(id) ? RecordNames.UsageAt(_index) : RecordNames.Usage(id);
            Errors.AddRange(problems.Select(p => new BillingError(p.Kind, record, p.Message)));
            return null;
        }

        return new UsageRecord(id!, member!, session ?? string.Empty, start!.Value, end!.Value, new ResourceAmounts(cpu, memory, gpu));
    }

    public override void Write(Utf8JsonWriter writer, UsageRecord? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Scenarios are written by BillingScenarioJson.Write.");

    private static string? ReadString(ref Utf8JsonReader reader, string field, ref List<(BillingErrorKind, string)>? problems)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                Add(ref problems, BillingErrorKind.MalformedInput, $"{field} is not a string");
                reader.Skip();
                return null;
        }
    }

    private static DateTimeOffset? ReadInstant(ref Utf8JsonReader reader, string field, ref List<(BillingErrorKind, string)>? problems)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length <= MaxStackChars)
        {
            Span<char> chars = stackalloc char[MaxStackChars];
            var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
            if (InstantText.TryParse(chars[..length], out var instant))
            {
                return instant;
            }
        }
        else if (reader.TokenType == JsonTokenType.String && InstantText.TryParse(reader.GetString(), out var instant))
        {
            return instant;
        }

        var shown = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString();
        Add(ref problems, BillingErrorKind.MalformedTime, $"{field} '{shown}' is not an ISO 8601 time with an offset");
        reader.Skip();
        return null;
    }

    private static decimal ReadAmount(ref Utf8JsonReader reader, string field, ref List<(BillingErrorKind, string)>? problems)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var amount))
        {
            return amount;
        }

        if (reader.TokenType != JsonTokenType.Null)
        {
            Add(ref problems, BillingErrorKind.MalformedInput, $"{field} is not a number");
            reader.Skip();
        }

        return 0;
    }

    private static void Add(ref List<(BillingErrorKind, string)>? problems, BillingErrorKind kind, string message) =>
        (problems ??= []).Add((kind, message));

    private static bool Mentions(List<(BillingErrorKind Kind, string Message)>? problems, string field) =>
        problems is not null && problems.Exists(p => p.Message.StartsWith(field + " ", StringComparison.Ordinal));
}
