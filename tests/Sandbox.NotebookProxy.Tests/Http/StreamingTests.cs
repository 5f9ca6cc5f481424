using System.Net;
using Sandbox.NotebookProxy.Tests.Infrastructure;

namespace Sandbox.NotebookProxy.Tests.Http;

[Collection(RunsAlone.Name)]
public sealed class StreamingTests(ProxyFixture fixture)
{
    private const long HundredMegabytes = 100L * 1024 * 1024;

    [Fact]
    public async Task A_100_MB_download_streams_through_without_being_buffered()
    {
        using var client = fixture.CreateClient();
        var buffer = new byte[64 * 1024];
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.GetAsync($"/s/s1/large?bytes={HundredMegabytes}", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        long received = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            received += read;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HundredMegabytes, response.Content.Headers.ContentLength);
        Assert.Equal(HundredMegabytes, received);
        // Normally well under a second; a tail held back until a timeout shows up here.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        // Everything in this process (notebook, proxy, client) allocated less than a tenth of the body: nothing held it.
        Assert.True(allocated < 10 * 1024 * 1024, $"allocated {allocated:N0} bytes while moving {HundredMegabytes:N0}");
    }

    [Fact]
    public async Task The_first_part_of_a_download_arrives_before_the_notebook_sends_the_rest()
    {
        fixture.Notebook.ResetSignals();
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("/s/s1/gated-download", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte[EchoingNotebookServer.GatedChunkBytes];
        // The notebook sends the second half only after this read: a buffering proxy would never complete it.
        await stream.ReadExactlyAsync(first).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        fixture.Notebook.DownloadGate.SetResult();
        var rest = new byte[EchoingNotebookServer.GatedChunkBytes];
        await stream.ReadExactlyAsync(rest).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task An_upload_reaches_the_notebook_while_the_caller_is_still_sending()
    {
        fixture.Notebook.ResetSignals();
        using var client = fixture.CreateClient();
        var content = new GatedContent(fixture.Notebook);

        using var response = await client.PostAsync("/s/s1/gated-upload", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2 * GatedContent.PartBytes).ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Chunked body that sends its second part only once the notebook has seen the first.</summary>
    private sealed class GatedContent(EchoingNotebookServer notebook) : HttpContent
    {
        public const int PartBytes = 256 * 1024;

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var part = new byte[PartBytes];
            await stream.WriteAsync(part);
            await stream.FlushAsync();
            await notebook.UploadStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));
            await stream.WriteAsync(part);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
