using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Culling;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;
using Xunit.Abstractions;

namespace Sandbox.IntegrationTests.DotNetInteractive;

/// <summary>
/// The <c>dotnet</c> profile on the real engine with the real .NET Interactive image (<c>images/dotnet-interactive</c>),
/// through the real orchestrator and notebook proxy, with the culling timeouts of <see cref="CullingFixture"/>: the profile
/// is offered, the starter notebook and the local plotly.js are served, and a long C# cell keeps the notebook from being
/// culled. C# over a dataset runs on every runtime in <see cref="SessionLifecycleScenarios"/>.
/// </summary>
public sealed class DotNetNotebookTests(CullingFixture fixture, ITestOutputHelper output) : IClassFixture<CullingFixture>
{
    private const string CSharpKernel = ".net-csharp";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>A .NET kernel starts in a few seconds; a first <c>#r "nuget:"</c> restores from the image's feed.</summary>
    private static readonly TimeSpan CellTimeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task The_dotnet_profile_is_offered_with_its_image()
    {
        var profiles = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/profiles");
        var dotnet = profiles.EnumerateArray().SingleOrDefault(p => p.GetProperty("id").GetString() == "dotnet");
        Assert.True(dotnet.ValueKind == JsonValueKind.Object, $"no dotnet profile in {profiles}");
        Assert.Equal("sandbox/dotnet-interactive:1", dotnet.GetProperty("image").GetString());
        Assert.Contains("C#", dotnet.GetProperty("displayName").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_starter_notebook_is_in_the_home_and_charts_take_plotly_from_the_notebook_server()
    {
        var orchestrator = fixture.Orchestrator;
        var (analyst, _) = await fixture.Admin.CreateMemberAsync("starter-analyst");
        using var _ = analyst;
        var id = (await analyst.LaunchAsync("dotnet")).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");

        // The starter notebook, copied into the analyst's home at start, opens with the C# kernel.
        var notebook = await analyst.Http.GetFromJsonAsync<JsonElement>($"/s/{id}/api/contents/examples/datasets-in-csharp.ipynb");
        var content = notebook.GetProperty("content");
        Assert.Equal(CSharpKernel, content.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
        var sources = string.Join('\n', content.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("source").GetString()));
        Assert.Contains("DataFrame.LoadCsv", sources, StringComparison.Ordinal);
        Assert.Contains("Plotly.NET.CSharp.Chart.Line", sources, StringComparison.Ordinal);
        Assert.Contains("데이터셋", sources, StringComparison.Ordinal);

        // plotly.js is served by the notebook server itself, and the page's custom.js points the CDN's address at it.
        var plotly = await analyst.Http.GetStringAsync($"/s/{id}/nbextensions/sandbox-plotly/plotly.min.js");
        Assert.StartsWith("/**\n* plotly.js v", plotly, StringComparison.Ordinal);
        Assert.True(plotly.Length > 1_000_000, $"plotly.js is {plotly.Length} characters");
        var custom = await analyst.Http.GetStringAsync($"/s/{id}/custom/custom.js");
        Assert.Contains("nbextensions/sandbox-plotly/plotly.min", custom, StringComparison.Ordinal);

        // New notebooks default to C#.
        var specs = await analyst.Http.GetFromJsonAsync<JsonElement>($"/s/{id}/api/kernelspecs");
        Assert.Equal(CSharpKernel, specs.GetProperty("default").GetString());
        Assert.True(specs.GetProperty("kernelspecs").TryGetProperty(".net-fsharp", out var fsharp) && fsharp.ValueKind == JsonValueKind.Object, $"no F# kernel in {specs}");

        Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
    }

    [Fact]
    public async Task A_long_CSharp_cell_is_not_culled_and_the_notebook_is_culled_once_the_cell_is_done()
    {
        var orchestrator = fixture.Orchestrator;
        var (analyst, _) = await fixture.Admin.CreateMemberAsync("busy-csharp-analyst");
        using var _ = analyst;
        var id = (await analyst.LaunchAsync("dotnet")).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");

        await using var kernel = await KernelStates.InUseUntilAsync(analyst, id, JupyterKernel.StartAsync(analyst, orchestrator.BaseAddress, id, CSharpKernel));
        Assert.Equal(("2\n", (string?)null), await KernelStates.InUseUntilAsync(analyst, id, kernel.ExecuteAsync("Console.WriteLine(1 + 1);", CellTimeout)));

        // 1. A quiet C# cell that runs until the test drops a file into the home (dotnet-interactive does not stop a
        //    running cell on interrupt, so the file is how the test ends it). The quiet time, past the idle timeout, is
        //    the behaviour under test; then the signal is the culler's own readings that find the kernel busy.
        var cell = kernel.ExecuteAsync(
            "while (!System.IO.File.Exists(\"/home/analyst/done.txt\")) { await Task.Delay(200); }", TimeSpan.FromSeconds(600));
        Assert.True(await KernelStates.BecomesAsync(analyst, id, kernel.KernelId, "busy", TimeSpan.FromSeconds(30)), $"the kernel never reported busy\n{orchestrator.Tail()}");
        await Task.Delay(CullingFixture.IdleTimeout); // the quiet time under test, longer than the idle timeout from here
        await KernelStates.NotCulledWhileBusyAsync(orchestrator, analyst, id);

        // 2. The file ends the cell; idle from then on, the notebook is culled after the timeout.
        using var done = await analyst.Http.PutAsJsonAsync($"/s/{id}/api/contents/done.txt", new { type = "file", format = "text", content = "done" });
        done.EnsureSuccessStatusCode();
        var (printed, error) = await cell;
        var finishedAt = DateTimeOffset.UtcNow;
        Assert.True(error is null, error);
        Assert.Empty(printed);
        var stopped = await analyst.WaitForStateAsync(id, CullingFixture.IdleTimeout + CullingFixture.CheckInterval + TimeSpan.FromSeconds(20), "stopped", "failed");
        Assert.Equal("idle", stopped.GetProperty("reason").GetString());
        output.WriteLine($"culled {(stopped.GetProperty("endedAt").GetDateTimeOffset() - finishedAt).TotalSeconds:0.0} s after the C# cell finished");
        Assert.True(stopped.GetProperty("endedAt").GetDateTimeOffset() >= finishedAt + CullingFixture.IdleTimeout - TimeSpan.FromSeconds(1),
            $"culled at {stopped.GetProperty("endedAt")}, cell finished at {finishedAt:O}");
    }
}
