namespace Sandbox.Datasets.Tests;

public sealed class DatasetNameTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("city-shops")]
    [InlineData("process-data-2026")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghij")]
    public void Lowercase_names_starting_with_a_letter_are_accepted(string text)
    {
        DatasetResult<DatasetName> result = DatasetName.Parse(text);

        Assert.True(result.IsSuccess);
        Assert.Equal(text, result.Value.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("1shops")]
    [InlineData("-shops")]
    [InlineData("City")]
    [InlineData("city_shops")]
    [InlineData("city.shops")]
    [InlineData("../etc")]
    [InlineData("상점")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijk")]
    public void Other_names_are_refused_with_the_invalid_name_reason(string? text)
    {
        DatasetResult<DatasetName> result = DatasetName.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Equal("dataset.invalid_name", result.Error.Reason);
        Assert.Contains(text ?? "", result.Error.Message, StringComparison.Ordinal);
    }
}
