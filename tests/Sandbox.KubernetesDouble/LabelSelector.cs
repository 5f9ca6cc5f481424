using System.Text.RegularExpressions;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// The <c>labelSelector</c> query parameter: requirements joined by commas (all must hold): <c>k=v</c>, <c>k==v</c>,
/// <c>k!=v</c> (true when k is missing), <c>k in (a,b)</c>, <c>k notin (a,b)</c> (true when k is missing), <c>k</c>
/// (exists), <c>!k</c> (does not exist). Spaces around operators are allowed. A malformed selector is a 400 BadRequest.
/// </summary>
public sealed partial class LabelSelector
{
    private readonly IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> requirements;

    private LabelSelector(IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> requirements) => this.requirements = requirements;

    /// <summary>The selector that selects everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Whether it selects everything.</summary>
    public bool IsEverything => requirements.Count == 0;

    /// <summary>Whether <paramref name="labels"/> meet every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels) => requirements.All(r => r(labels));

    /// <summary>Parses the selector; null or blank selects everything.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var result = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var part in SplitTopLevel(text))
        {
            result.Add(ParseRequirement(part.Trim(), text));
        }
        return new LabelSelector(result);
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string part, string whole)
    {
        Match m;
        if ((m = SetPattern().Match(part)).Success)
        {
            var key = Key(m.Groups["key"].Value, whole);
            var values = m.Groups["values"].Value.Split(',').Select(v => Value(v.Trim(), whole)).ToHashSet(StringComparer.Ordinal);
            return m.Groups["op"].Value == "in"
                ? labels => labels.TryGetValue(key, out var v) && values.Contains(v)
                : labels => !labels.TryGetValue(key, out var v) || !values.Contains(v);
        }
        if ((m = ComparePattern().Match(part)).Success)
        {
            var key = Key(m.Groups["key"].Value, whole);
            var value = Value(m.Groups["value"].Value.Trim(), whole);
            return m.Groups["op"].Value == "!="
                ? labels => !labels.TryGetValue(key, out var v) || v != value
                : labels => labels.TryGetValue(key, out var v) && v == value;
        }
        if (part.StartsWith('!'))
        {
            var key = Key(part[1..].Trim(), whole);
            return labels => !labels.ContainsKey(key);
        }
        var existing = Key(part, whole);
        return labels => labels.ContainsKey(existing);
    }

    private static string Key(string key, string whole) =>
        ObjectValidation.LabelKeyError(key) is null ? key : throw Malformed(whole, $"invalid label key \"{key}\"");

    private static string Value(string value, string whole) =>
        ObjectValidation.LabelValueError(value) is null ? value : throw Malformed(whole, $"invalid label value: \"{value}\"");

    private static ApiException Malformed(string whole, string why) =>
        ApiException.BadRequest($"unable to parse requirement: {why} (selector \"{whole}\")");

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[^\s!=(),]+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$")]
    private static partial Regex SetPattern();

    [GeneratedRegex(@"^(?<key>[^\s!=(),]+)\s*(?<op>==|=|!=)\s*(?<value>[^\s!=(),]*)$")]
    private static partial Regex ComparePattern();
}
