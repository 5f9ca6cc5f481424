using Sandbox.Datasets.Paths;

namespace Sandbox.Datasets.Tests.Paths;

public sealed class EntryPathParserTests
{
    private static readonly DatasetArchiveLimits Limits = new();

    [Theory]
    [InlineData("a.csv", "a.csv")]
    [InlineData("./a.csv", "a.csv")]
    [InlineData("dir/./sub//a.csv", "dir/sub/a.csv")]
    [InlineData("dir\\sub\\a.csv", "dir/sub/a.csv")]
    [InlineData("dir/", "dir")]
    [InlineData("통계/인구.csv", "통계/인구.csv")]
    [InlineData(".hidden", ".hidden")]
    [InlineData("console.csv", "console.csv")]
    [InlineData("com10.txt", "com10.txt")]
    [InlineData("a..b.csv", "a..b.csv")]
    public void Safe_names_are_normalised(string raw, string expected)
    {
        Assert.Equal(expected, EntryPathParser.Parse(raw, Limits).Value?.Value);
    }

    [Theory]
    [InlineData("./", 0)]
    [InlineData(".", 0)]
    public void The_root_itself_parses_to_no_segments(string raw, int segments)
    {
        Assert.Equal(segments, EntryPathParser.Parse(raw, Limits).Value?.Segments.Count);
    }

    [Theory]
    [InlineData("/abs", "archive.absolute_path")]
    [InlineData("\\\\server\\share\\x", "archive.absolute_path")]
    [InlineData("c:/x", "archive.absolute_path")]
    [InlineData("..", "archive.path_traversal")]
    [InlineData("a/..", "archive.path_traversal")]
    [InlineData("a\\..\\..\\b", "archive.path_traversal")]
    [InlineData("x\uFFFD", "archive.non_utf8_name")]
    [InlineData("nul", "archive.unsafe_name")]
    [InlineData("LPT1.log", "archive.unsafe_name")]
    [InlineData("COM\u00B9", "archive.unsafe_name")]
    [InlineData("con .txt", "archive.unsafe_name")]
    [InlineData("dir/CONIN$", "archive.unsafe_name")]
    [InlineData("a*b", "archive.unsafe_name")]
    [InlineData("a<b", "archive.unsafe_name")]
    [InlineData("a>b", "archive.unsafe_name")]
    [InlineData("a\"b", "archive.unsafe_name")]
    [InlineData("tab\there", "archive.unsafe_name")]
    [InlineData("del\u007F", "archive.unsafe_name")]
    [InlineData("c1\u0085", "archive.unsafe_name")]
    [InlineData("dots...", "archive.unsafe_name")]
    public void Unsafe_names_are_refused_with_their_reason(string raw, string reason)
    {
        DatasetResult<EntryPath> result = EntryPathParser.Parse(raw, Limits);

        Assert.Equal(reason, result.Error?.Reason);
        Assert.Equal(raw, result.Error?.Entry);
    }

    [Fact]
    public void A_segment_longer_than_255_bytes_is_refused_even_under_a_larger_path_limit()
    {
        string name = new('가', 90); // 270 UTF-8 bytes

        DatasetResult<EntryPath> result = EntryPathParser.Parse(name, Limits with { MaxPathLength = 1000 });

        Assert.Equal("archive.unsafe_name", result.Error?.Reason);
    }

    [Fact]
    public void Messages_escape_control_characters_so_a_name_cannot_forge_a_log_line()
    {
        DatasetResult<EntryPath> result = EntryPathParser.Parse("a\nERROR forged", Limits);

        Assert.DoesNotContain("\n", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("a\\u000AERROR forged", result.Error.Message, StringComparison.Ordinal);
    }
}
