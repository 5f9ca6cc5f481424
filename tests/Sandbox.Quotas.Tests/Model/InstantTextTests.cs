using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Model;

public sealed class InstantTextTests
{
    [Theory]
    [InlineData("2026-11-03T09:00:00+09:00", "2026-11-03T00:00:00.0000000Z")]
    [InlineData("2026-11-03T00:00:00Z", "2026-11-03T00:00:00.0000000Z")]
    [InlineData("2026-11-03T09:00:00.5-01:30", "2026-11-03T10:30:00.5000000Z")]
    [InlineData("2026-11-03T09:00:00.1234567+00:00", "2026-11-03T09:00:00.1234567Z")]
    [InlineData("2024-02-29T23:59:59+14:00", "2024-02-29T09:59:59.0000000Z")]
    public void Instants_with_an_offset_are_read(string text, string utc)
    {
        Assert.True(InstantText.TryParse(text, out var instant));
        Assert.Equal(utc, instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-11-03T09:00:00")]
    [InlineData("2026-11-03")]
    [InlineData("2026-11-03 09:00:00+09:00")]
    [InlineData("2026-11-03T09:00+09:00")]
    [InlineData("2026-02-29T09:00:00+09:00")]
    [InlineData("2026-11-03T24:00:00+09:00")]
    [InlineData("2026-11-03T09:00:00.+09:00")]
    [InlineData("2026-11-03T09:00:00.12345678+09:00")]
    [InlineData("2026-11-03T09:00:00+0900")]
    [InlineData("2026-11-03T09:00:00+15:00")]
    [InlineData("2026-11-03T09:00:00z")]
    [InlineData("")]
    public void Times_without_an_offset_or_otherwise_malformed_are_refused(string text)
    {
        Assert.False(InstantText.TryParse(text, out _));
    }

    [Fact]
    public void Formatting_keeps_the_offset_and_shows_a_fraction_only_when_there_is_one()
    {
        Assert.Equal("2026-11-03T09:00:00+09:00", InstantText.Format(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.FromHours(9))));
        Assert.Equal("2026-11-03T09:00:00.25+00:00", InstantText.Format(new DateTimeOffset(2026, 11, 3, 9, 0, 0, 250, TimeSpan.Zero)));
    }
}
