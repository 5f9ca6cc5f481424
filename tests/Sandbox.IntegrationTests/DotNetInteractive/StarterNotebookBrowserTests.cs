using System.Net.Http.Json;
using Microsoft.Playwright;
using Sandbox.IntegrationTests.Browser;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.DotNetInteractive;

/// <summary>
/// The .NET image's starter notebook as an analyst runs it, in Chromium against the real orchestrator: opened from the
/// portal, every cell run in Jupyter's page over a mounted CSV dataset, and the Plotly.NET chart drawn. The browser may
/// reach only this machine (<see cref="SystemChromium"/>), so a drawn chart shows plotly.js came from the notebook server,
/// not from its public CDN.
/// </summary>
public sealed class StarterNotebookBrowserTests(SandboxFixture sandbox, ChromiumFixture chromium)
    : IClassFixture<SandboxFixture>, IClassFixture<ChromiumFixture>
{
    private const string Password = "member-password-1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Kernel start, two package restores from the image's feed and the first compilations, on a loaded machine.</summary>
    private static readonly TimeSpan RunAllTimeout = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task The_starter_notebook_reads_a_dataset_and_draws_its_chart_without_internet()
    {
        var orchestrator = sandbox.Orchestrator;
        var dataset = $"works-{Guid.NewGuid():N}"[..14];
        await sandbox.Admin.PublishDatasetAsync(dataset, "1", new Dictionary<string, string>
        {
            ["energy.csv"] = "month,kwh\n2026-01,410.5\n2026-02,388\n2026-03,402.25\n2026-04,371\n",
        });
        var email = $"starter-{Guid.NewGuid():N}@sandbox.test";
        (await sandbox.Admin.Http.PostAsJsonAsync("/api/v1/members",
            new { email, password = Password, displayName = "Starter Analyst", tier = "member", roles = Array.Empty<string>() })).EnsureSuccessStatusCode();
        using var analyst = await SandboxApi.SignInAsync(orchestrator.BaseAddress, email, Password);
        var id = (await analyst.LaunchAsync("dotnet", "small", dataset)).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");

        await using var context = await chromium.Browser.NewContextAsync();
        var portal = await context.NewPageAsync();
        await portal.GotoAsync(orchestrator.BaseAddress.AbsoluteUri);
        var signIn = await portal.FetchAsync("POST", "/api/v1/auth/signin", new { email, password = Password });
        Assert.True(signIn.Status is 200 or 204, $"sign-in: {signIn}");
        var page = await context.NewPageAsync();
        var origin = $"http://{id}.nb.localhost:{orchestrator.Port}";
        await NotebookHandOff.OpenAsync(page, new Uri(orchestrator.BaseAddress, $"/open/{id}"), $"{origin}/s/{id}/", StartTimeout);

        // Open the starter notebook, wait for its C# kernel, run every cell as "Run All" does.
        await page.GotoAsync($"{origin}/s/{id}/notebooks/examples/datasets-in-csharp.ipynb");
        await page.WaitForFunctionAsync("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()",
            null, new() { Timeout = (float)StartTimeout.TotalMilliseconds });
        Assert.Equal(".net-csharp", await page.EvaluateAsync<string>("() => Jupyter.notebook.kernel.name"));
        await page.EvaluateAsync("() => Jupyter.notebook.execute_all_cells()");

        try
        {
            await page.WaitForSelectorAsync(".js-plotly-plot .main-svg", new() { Timeout = (float)RunAllTimeout.TotalMilliseconds, State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException e)
        {
            var outputs = await page.EvaluateAsync<string>("() => Array.from(document.querySelectorAll('.output_area')).map(o => o.innerText.slice(0, 300)).join('\\n---\\n')");
            throw new TimeoutException($"no chart was drawn; the cells' outputs:\n{outputs}", e);
        }

        // The chart is of the dataset's numbers, and the cells before it read the mounted file.
        var text = await page.EvaluateAsync<string>("() => document.querySelector('#notebook-container').innerText");
        Assert.Contains($"/data/{dataset}/energy.csv: 4 rows, 2 columns", text, StringComparison.Ordinal);
        Assert.Contains("1571.75", text, StringComparison.Ordinal); // the total of the kwh column, the last cell's answer
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('.output_error').length"));
        Assert.Equal(4, await page.EvaluateAsync<int>("() => document.querySelector('.js-plotly-plot').data[0].y.length"));
        var scripts = await page.EvaluateAsync<string[]>("() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('plotly'))");
        Assert.Contains(scripts, s => s.StartsWith($"{origin}/s/{id}/nbextensions/sandbox-plotly/plotly.min.js", StringComparison.Ordinal));
        Assert.DoesNotContain(scripts, s => s.Contains("cdn.plot.ly", StringComparison.Ordinal));
    }
}
