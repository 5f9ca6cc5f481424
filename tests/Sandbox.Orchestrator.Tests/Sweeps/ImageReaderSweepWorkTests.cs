using Sandbox.Orchestrator.Sweeps;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>Left-behind dataset image readers: only those older than ten minutes (by the injected clock) are asked for.</summary>
public sealed class ImageReaderSweepWorkTests
{
    [Fact]
    public async Task Readers_created_more_than_ten_minutes_ago_are_removed()
    {
        await using var harness = new SweepHarness();

        await harness.RunAsync<ImageReaderSweepWork>();
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.RunAsync<ImageReaderSweepWork>();

        Assert.Equal(
            [new DateTimeOffset(2026, 11, 22, 8, 50, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 22, 8, 51, 0, TimeSpan.Zero)],
            harness.Readers.Cutoffs);
    }
}
