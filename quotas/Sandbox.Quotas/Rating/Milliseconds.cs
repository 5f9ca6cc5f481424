namespace Sandbox.Quotas;

/// <summary>
/// The engine measures time in whole Unix milliseconds (the contract takes durations exactly in milliseconds).
/// Instants are floored to their millisecond before any duration is taken, so splitting a record at any
/// instant never changes the sum of its fragments' durations.
/// </summary>
internal static class Milliseconds
{
    public const long PerHour = 3_600_000;

    public static long Of(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToInstant(long milliseconds, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), zone);
}
