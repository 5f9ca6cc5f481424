using System.Text;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Parses the head of a CSV file (RFC 4180: comma-separated, double-quoted fields with doubled quotes, CRLF or LF)
/// into rows. Only whole rows count: a row cut off by the byte limit is dropped rather than shown half.
/// </summary>
internal static class DatasetPreviewCsv
{
    /// <summary>Rows shown per file.</summary>
    public const int MaxRows = 20;

    /// <summary>Bytes read per file at most, whatever its size.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads at most <see cref="MaxBytes"/> from <paramref name="file"/> and parses up to <see cref="MaxRows"/> rows.</summary>
    public static async Task<(IReadOnlyList<IReadOnlyList<string>> Rows, bool Truncated)> ReadAsync(Stream file, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await file.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        // A full buffer may or may not be the whole file; one more byte would tell, but the limit is the limit.
        var complete = length < buffer.Length;
        return Parse(Decode(buffer.AsSpan(0, length)), complete);
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="complete"/>: the text is the whole file, so a last row without a newline counts.</summary>
    public static (IReadOnlyList<IReadOnlyList<string>> Rows, bool Truncated) Parse(string text, bool complete)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' or '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    if (rows.Count == MaxRows)
                    {
                        return (rows, HasMore(text, i + 1, complete));
                    }

                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        // The text ended inside a row: a whole row only if the file ended there too (and not inside quotes).
        if (complete && !quoted && (field.Length > 0 || row.Count > 0))
        {
            row.Add(field.ToString());
            rows.Add(row);
            return (rows, false);
        }

        return (rows, !complete);
    }

    private static bool HasMore(string text, int from, bool complete) => !complete || from < text.Length;

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        // A cut at the byte limit may split a character; invalid bytes become U+FFFD rather than failing the preview.
        if (bytes.StartsWith("\xEF\xBB\xBF"u8))
        {
            bytes = bytes[3..];
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
