using Sandbox.Orchestrator.Culling;

namespace Sandbox.Orchestrator.Tests.Culling;

public sealed class WarnThenStopTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(0, "Keep")]
    [InlineData(49, "Keep")]
    [InlineData(50, "Warn")]
    [InlineData(59, "Warn")]
    [InlineData(60, "Warn")] // never stopped without a warning first
    public void Before_any_warning_it_keeps_until_the_warning_point_then_warns(int minutes, string expected) =>
        Assert.Equal(Enum.Parse<CullVerdict>(expected), WarnThenStop.Decide(Since, Since.AddMinutes(minutes), Hour, TenMinutes, warnedAt: null));

    [Theory]
    [InlineData(55, "Keep")]
    [InlineData(60, "Stop")]
    [InlineData(600, "Stop")]
    public void Once_warned_it_waits_for_the_limit_and_then_stops(int minutes, string expected) =>
        Assert.Equal(Enum.Parse<CullVerdict>(expected), WarnThenStop.Decide(Since, Since.AddMinutes(minutes), Hour, TenMinutes, warnedAt: Since.AddMinutes(50)));

    [Fact]
    public void A_warning_from_before_the_last_activity_does_not_count()
    {
        // Warned at 09:50, used again at 10:00: the new idle spell needs its own warning.
        var usedAgain = Since.AddHours(1);
        Assert.Equal(CullVerdict.Warn, WarnThenStop.Decide(usedAgain, usedAgain.AddMinutes(60), Hour, TenMinutes, warnedAt: Since.AddMinutes(50)));
        Assert.Equal(CullVerdict.Stop, WarnThenStop.Decide(usedAgain, usedAgain.AddMinutes(61), Hour, TenMinutes, warnedAt: usedAgain.AddMinutes(60)));
    }

    [Fact]
    public void No_limit_never_warns_nor_stops() =>
        Assert.Equal(CullVerdict.Keep, WarnThenStop.Decide(Since, Since.AddDays(30), null, TenMinutes, null));

    [Fact]
    public void Without_a_warning_period_it_stops_at_the_limit_directly()
    {
        Assert.Equal(CullVerdict.Keep, WarnThenStop.Decide(Since, Since.AddMinutes(59), Hour, TimeSpan.Zero, null));
        Assert.Equal(CullVerdict.Stop, WarnThenStop.Decide(Since, Since.AddMinutes(60), Hour, TimeSpan.Zero, null));
    }

    [Fact]
    public void A_warning_period_longer_than_the_limit_warns_at_once() =>
        Assert.Equal(CullVerdict.Warn, WarnThenStop.Decide(Since, Since, TimeSpan.FromMinutes(5), TenMinutes, null));
}
