namespace Sandbox.Datasets.Paths;

/// <summary>
/// Whether one path segment can be created, and means the same, on Linux, macOS and Windows: datasets get
/// downloaded and unpacked on analysts' laptops too, and a name one system mangles is a name that lies.
/// </summary>
internal static class PortableSegmentRules
{
    private const int MaxSegmentUtf8Bytes = 255;

    // Windows reserves these device names with any extension ("aux.txt") and any case; COM0 and LPT0 and the
    // superscript digits are reserved too on current Windows.
    private static readonly HashSet<string> ReservedDeviceNames = BuildReservedDeviceNames();

    /// <summary>Why <paramref name="segment"/> is unsafe, or null when it is fine.</summary>
    public static string? WhyUnsafe(string segment)
    {
        foreach (char c in segment)
        {
            if (char.IsControl(c))
            {
                return "contains a control character";
            }

            if (c is ':' or '*' or '?' or '"' or '<' or '>' or '|')
            {
                return $"contains '{c}', which Windows does not allow in names";
            }
        }

        if (segment.EndsWith('.') || segment.EndsWith(' '))
        {
            return "has a segment ending in a dot or a space, which Windows strips";
        }

        string stem = segment.Split('.')[0].TrimEnd(' ');
        if (ReservedDeviceNames.Contains(stem))
        {
            return $"uses the reserved Windows device name '{stem}'";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentUtf8Bytes)
        {
            return $"has a segment longer than {MaxSegmentUtf8Bytes} bytes";
        }

        return null;
    }

    private static HashSet<string> BuildReservedDeviceNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$" };
        foreach (string port in new[] { "COM", "LPT" })
        {
            foreach (char digit in "0123456789\u00B9\u00B2\u00B3")
            {
                names.Add(port + digit);
            }
        }

        return names;
    }
}
