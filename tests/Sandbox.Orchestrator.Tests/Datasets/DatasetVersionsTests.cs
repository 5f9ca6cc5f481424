using Sandbox.Orchestrator.Datasets;

namespace Sandbox.Orchestrator.Tests.Datasets;

public sealed class DatasetVersionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_latest_usable_version_skips_withdrawn_and_unpublished_ones()
    {
        var versions = new[]
        {
            Version("1", DatasetStatus.Published, publishedDay: 1),
            Version("2", DatasetStatus.Published, publishedDay: 2),
            Version("3", DatasetStatus.Published, publishedDay: 3, withdrawn: true),
            Version("4", DatasetStatus.Building, publishedDay: null),
        };

        Assert.Equal("2", DatasetVersions.LatestUsable(versions)?.Version);
    }

    [Fact]
    public void When_every_published_version_is_withdrawn_none_is_usable()
    {
        Assert.Null(DatasetVersions.LatestUsable([Version("1", DatasetStatus.Published, publishedDay: 1, withdrawn: true)]));
    }

    private static DatasetVersionRecord Version(string version, string status, int? publishedDay, bool withdrawn = false) => new()
    {
        Name = "shops",
        Version = version,
        Status = status,
        PublishedAt = publishedDay is { } day ? Start.AddDays(day) : null,
        WithdrawnAt = withdrawn ? Start.AddDays(10) : null,
    };
}
