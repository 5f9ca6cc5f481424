using System.Buffers.Text;
using System.Text.Json;

namespace Sandbox.Orchestrator.Paging;

/// <summary>
/// Where the next page of a list starts: the sort key of the last item of the page before (keyset pagination: a page
/// costs the same however deep, and rows added or removed meanwhile neither repeat nor skip items). Opaque to clients:
/// base64url of a JSON array of the key's parts. Pure.
/// </summary>
internal sealed record PageCursor(IReadOnlyList<string> Key)
{
    /// <summary>The cursor as clients carry it.</summary>
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(Key));

    /// <summary>A cursor from its text, or null when it is not one this API made (or has the wrong number of parts).</summary>
    public static PageCursor? TryDecode(string text, int parts)
    {
        try
        {
            var key = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(text));
            return key is not null && key.Length == parts && key.All(p => p is not null) ? new PageCursor(key) : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Part <paramref name="index"/> as a whole number, or null when it is not one.</summary>
    public long? Long(int index) => long.TryParse(Key[index], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A cursor of whole numbers and texts.</summary>
    public static PageCursor Of(params object[] parts) =>
        new(parts.Select(p => p is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : p.ToString() ?? "").ToList());

    /// <inheritdoc />
    public override string ToString() => Encode();
}
