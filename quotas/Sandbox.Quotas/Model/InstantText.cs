using System.Globalization;

namespace Sandbox.Quotas;

/// <summary>
/// ISO 8601 instants as the billing contract writes them: <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>.
/// A time without an offset is malformed, because it would mean a different instant on every machine.
/// Hand-written rather than <see cref="DateTimeOffset.TryParse(string?, out DateTimeOffset)"/>, which accepts
/// local times and many other shapes, and is several times slower on the million records of a month.
/// </summary>
public static class InstantText
{
    private const string OutputFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";

    /// <summary>Formats an instant with its own offset, and a fraction only when it has one.</summary>
    public static string Format(DateTimeOffset instant) => instant.ToString(OutputFormat, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return text is not null && TryParse(text.AsSpan(), out instant);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset instant)
    {
        instant = default;

        // 1. The fixed part: date, 'T', time of day to the second.
        if (text.Length < 20
            || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month)
            || !TryDigits(text, 8, 2, out var day) || !TryDigits(text, 11, 2, out var hour)
            || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        // 2. An optional fraction of a second, up to the 100 ns a DateTimeOffset holds.
        var position = 19;
        long fractionTicks = 0;
        if (text[position] == '.')
        {
            position++;
            var digits = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                if (digits == 7)
                {
                    return false;
                }

                fractionTicks = (fractionTicks * 10) + (text[position] - '0');
                digits++;
                position++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (var pad = digits; pad < 7; pad++)
            {
                fractionTicks *= 10;
            }
        }

        // 3. The offset, which is required.
        var rest = text[position..];
        TimeSpan offset;
        if (rest is "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':'
                 && TryDigits(rest, 1, 2, out var offsetHours) && TryDigits(rest, 4, 2, out var offsetMinutes)
                 && offsetMinutes < 60 && (offsetHours * 60) + offsetMinutes <= 14 * 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (rest[0] == '-')
            {
                offset = offset.Negate();
            }
        }
        else
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTimeOffset.MinValue.UtcTicks || utcTicks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        instant = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
