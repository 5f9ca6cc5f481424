using System.Globalization;
using System.Text;

namespace Sandbox.Datasets;

/// <summary>
/// Renders an untrusted name for a message: control and format characters become <c>\uXXXX</c> so a hostile
/// name cannot forge log lines or hide itself, and very long names are shortened.
/// </summary>
internal static class EntryNameDisplay
{
    private const int MaxShown = 300;

    public static string Quote(string name)
    {
        var shown = new StringBuilder(Math.Min(name.Length, MaxShown) + 8);
        foreach (char c in name)
        {
            if (shown.Length >= MaxShown)
            {
                shown.Append('…');
                break;
            }

            UnicodeCategory category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }
}
