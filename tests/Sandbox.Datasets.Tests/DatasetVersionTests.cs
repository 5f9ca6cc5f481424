namespace Sandbox.Datasets.Tests;

public sealed class DatasetVersionTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("2026.11")]
    [InlineData("v3-rc1")]
    [InlineData("V3_final")]
    [InlineData("abcdefghijabcdefghijabcdefghij12")]
    public void Tag_like_versions_are_accepted(string text)
    {
        Assert.Equal(text, DatasetVersion.Parse(text).Value?.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".1")]
    [InlineData("-rc")]
    [InlineData("1 0")]
    [InlineData("1/0")]
    [InlineData("v1+build")]
    [InlineData("abcdefghijabcdefghijabcdefghij123")]
    public void Other_versions_are_refused_with_the_invalid_version_reason(string? text)
    {
        DatasetResult<DatasetVersion> result = DatasetVersion.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Equal("dataset.invalid_version", result.Error.Reason);
    }
}
