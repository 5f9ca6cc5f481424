using System.Globalization;

namespace Sandbox.Quotas;

/// <summary>A calendar month, written <c>YYYY-MM</c>. Which instants it covers depends on the billing time zone.</summary>
public readonly record struct BillingMonth : IComparable<BillingMonth>
{
    public BillingMonth(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    public BillingMonth Next => Month == 12 ? new BillingMonth(Year + 1, 1) : new BillingMonth(Year, Month + 1);

    /// <summary>
    /// Parses exactly <c>YYYY-MM</c> (four digits, a hyphen, two digits, month 01-12), years up to 9998 so that
    /// the month after it, where a billing month ends, still exists.
    /// </summary>
    public static bool TryParse(string? text, out BillingMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-')
        {
            return false;
        }

        for (var i = 0; i < 7; i++)
        {
            if (i != 4 && !char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        var year = int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        var number = int.Parse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        if (year < 1 || year > 9998 || number < 1 || number > 12)
        {
            return false;
        }

        month = new BillingMonth(year, number);
        return true;
    }

    /// <summary>The first instant of the month in <paramref name="zone"/>.</summary>
    public DateTimeOffset StartIn(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified);

        // A zone may skip local midnight (a daylight-saving jump); the month then starts at the first local
        // time that exists, found minute by minute (jumps are at most a few hours).
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        // In an ambiguous hour (clocks set back) the earlier instant, the larger offset, is the start.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The month an instant falls in, as seen in <paramref name="zone"/>.</summary>
    public static BillingMonth Containing(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return new BillingMonth(local.Year, local.Month);
    }

    public int CompareTo(BillingMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public static bool operator <(BillingMonth left, BillingMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(BillingMonth left, BillingMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(BillingMonth left, BillingMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BillingMonth left, BillingMonth right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
