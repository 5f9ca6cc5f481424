using System.Text;
using Sandbox.Runtime.Docker.Engine;

namespace Sandbox.Runtime.Docker.Tests.Engine;

public sealed class BuildStreamReaderTests
{
    private static async Task<(BuildOutcome Outcome, IReadOnlyList<string> Lines)> ReadAsync(string answer)
    {
        var output = new RecordingProgress<string>();
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(answer));
        var outcome = await BuildStreamReader.ReadAsync(body, output, [], CancellationToken.None);
        return (outcome, output.Reports);
    }

    [Fact]
    public async Task A_successful_build_gives_the_aux_image_id_and_forwards_the_text_lines()
    {
        var (outcome, lines) = await ReadAsync("""
            {"stream":"Step 1/3 : FROM scratch"}
            {"stream":"\n"}
            {"stream":" ---\u003e \n"}
            {"stream":"Step 2/3 : COPY files /data/shops"}
            {"stream":"\n"}
            {"stream":" ---\u003e 15305d7f32be\n"}
            {"aux":{"ID":"sha256:15305d7f32bebb12bae0a43d5281fdec5f2357a58b7ae01f25057948d299d5d6"}}
            {"stream":"Successfully built 15305d7f32be\n"}
            """);

        Assert.True(outcome.Succeeded);
        Assert.Equal("sha256:15305d7f32bebb12bae0a43d5281fdec5f2357a58b7ae01f25057948d299d5d6", outcome.ImageId);
        Assert.Equal(["Step 1/3 : FROM scratch", " --->", "Step 2/3 : COPY files /data/shops", " ---> 15305d7f32be", "Successfully built 15305d7f32be"], lines);
    }

    [Fact]
    public async Task A_failed_build_gives_the_error_and_the_layers_it_committed_but_not_the_cached_ones()
    {
        var (outcome, lines) = await ReadAsync("""
            {"stream":"Step 2/5 : LABEL a=b"}
            {"stream":"\n"}
            {"stream":" ---\u003e Using cache\n"}
            {"stream":" ---\u003e bb7aeb95fc20\n"}
            {"stream":"Step 3/5 : COPY busybox /bin/busybox"}
            {"stream":"\n"}
            {"stream":" ---\u003e 15305d7f32be\n"}
            {"stream":"Step 4/5 : RUN [\"/bin/busybox\", \"false\"]"}
            {"stream":" ---\u003e Running in 28480b4f3b30\n"}
            {"stream":"Removing intermediate container 28480b4f3b30\n"}
            {"errorDetail":{"code":1,"message":"The command '/bin/busybox false' returned a non-zero code: 1"},"error":"The command '/bin/busybox false' returned a non-zero code: 1"}
            """);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.ImageId);
        Assert.Equal("The command '/bin/busybox false' returned a non-zero code: 1", outcome.Error);
        Assert.Equal(["15305d7f32be"], outcome.CreatedLayerIds);
        Assert.Equal("ERROR: The command '/bin/busybox false' returned a non-zero code: 1", lines[^1]);
    }

    [Fact]
    public async Task An_error_without_detail_still_fails_the_build()
    {
        var (outcome, _) = await ReadAsync("""{"error":"dockerfile parse error line 2: unknown instruction: NOT_AN_INSTRUCTION"}""");

        Assert.False(outcome.Succeeded);
        Assert.Contains("unknown instruction", outcome.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_ends_without_an_image_id_is_not_a_success()
    {
        var (outcome, _) = await ReadAsync("""{"stream":"Step 1/1 : FROM scratch\n"}""");

        Assert.False(outcome.Succeeded);
    }
}
