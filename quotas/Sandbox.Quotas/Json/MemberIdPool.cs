using System.Text;

namespace Sandbox.Quotas;

/// <summary>
/// One string per member id: a million usage records name some ten thousand members, and the ids are looked
/// up from the file's UTF-8 bytes without allocating a string for the ones seen before.
/// </summary>
internal sealed class MemberIdPool
{
    private const int MaxStackChars = 256;

    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public string Intern(string id)
    {
        if (_ids.TryGetValue(id, out var known))
        {
            return known;
        }

        _ids.Add(id, id);
        return id;
    }

    /// <summary>The pooled string for an unescaped UTF-8 id.</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxStackChars)
        {
            return Intern(Encoding.UTF8.GetString(utf8));
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out var known))
        {
            return known;
        }

        return Intern(new string(chars[..length]));
    }
}
