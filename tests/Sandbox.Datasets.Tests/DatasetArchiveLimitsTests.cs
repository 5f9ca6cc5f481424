namespace Sandbox.Datasets.Tests;

public sealed class DatasetArchiveLimitsTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones_and_valid()
    {
        var limits = new DatasetArchiveLimits();

        Assert.Equal(2L << 30, limits.MaxTotalBytes);
        Assert.Equal(20_000, limits.MaxFiles);
        Assert.Equal(1L << 30, limits.MaxFileBytes);
        Assert.Equal(200, limits.MaxCompressionRatio);
        Assert.Equal(255, limits.MaxPathLength);
        Assert.Equal(32, limits.MaxDepth);
        Assert.Empty(limits.Validate());
    }

    [Fact]
    public void Unusable_limits_are_all_reported_and_the_writer_refuses_them()
    {
        var limits = new DatasetArchiveLimits { MaxFiles = 0, MaxCompressionRatio = double.NaN, MaxDepth = -1 };

        IReadOnlyList<string> problems = limits.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Throws<ArgumentException>(() => new DatasetBuildContextWriter(limits));
    }
}
