using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// The whole path on the real notebook images, written once and run on each runtime (<see cref="SessionLifecycleTests"/> on
/// Docker, <see cref="Kubernetes.KubernetesSessionLifecycleTests"/> on the test cluster): launch, use through the proxy, stop.
/// </summary>
public abstract class SessionLifecycleScenarios
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Where the sessions run.</summary>
    protected abstract SessionRuntimeKind Runtime { get; }

    [Fact]
    public async Task A_notebook_reads_its_dataset_through_the_proxy_cannot_write_it_is_invisible_to_others_and_stops_clean()
    {
        await using var orchestrator = Runtime.NewOrchestrator();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        await admin.PublishDatasetAsync("shops", "1", new Dictionary<string, string>
        {
            ["shops.csv"] = "shop,district,sales\nA,Jung-gu,100\nB,Seo-gu,250\n",
            ["README.txt"] = "Shops of the city, 2026.\n",
        });
        var (analyst, analystId) = await admin.CreateMemberAsync("analyst");
        var (other, _) = await admin.CreateMemberAsync("other-analyst");
        using var _ = analyst;
        using var __ = other;

        // 1. Launch with the dataset and wait for the notebook.
        var launched = await analyst.LaunchAsync("python", "small", "shops");
        var id = launched.GetProperty("id").GetString()!;
        Assert.Equal("pending", launched.GetProperty("state").GetString());
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");
        Assert.Equal($"http://{id}.nb.localhost:{orchestrator.Port}/", running.GetProperty("notebookUrl").GetString());
        Assert.Equal(100, running.GetProperty("progress").GetInt32());
        Assert.Equal("1", running.GetProperty("datasets")[0].GetProperty("version").GetString());
        Assert.Equal(analystId, running.GetProperty("owner").GetString());

        // 2. Jupyter's REST API answers through the proxy without a Jupyter token.
        var status = await analyst.Http.GetAsync($"/s/{id}/api/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        // 3. A cell run over the kernel WebSocket reads the dataset, as the unprivileged user, and cannot write it.
        await using (var kernel = await JupyterKernel.StartAsync(analyst, orchestrator.BaseAddress, id))
        {
            var (output, error) = await kernel.ExecuteAsync(
                "import os, pandas as pd\ndf = pd.read_csv('/data/shops/shops.csv')\nprint(int(df['sales'].sum()))\nprint(os.getuid())",
                TimeSpan.FromSeconds(60));
            Assert.Null(error);
            Assert.Equal("350\n1000\n", output);

            var (writeOutput, _) = await kernel.ExecuteAsync(
                "try:\n    open('/data/shops/new.csv', 'w').write('x')\n    print('written')\nexcept OSError as e:\n    print(e.strerror)",
                TimeSpan.FromSeconds(30));
            Assert.Equal("Read-only file system\n", writeOutput);
        }

        // 4. For another analyst the session does not exist: API and proxy answer 404.
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/s/{id}/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        var othersList = JsonDocument.Parse(await other.Http.GetStringAsync("/api/v1/sessions")).RootElement;
        Assert.Equal(0, othersList.GetArrayLength());
        using var unauthenticated = new HttpClient { BaseAddress = orchestrator.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await unauthenticated.GetAsync($"/s/{id}/api/status")).StatusCode);

        // 5. Stop: the sandbox is removed (on Kubernetes its secret too, the home claim stays) and billing's instants are recorded.
        Assert.Single(await Runtime.SandboxesOfAsync(orchestrator, id));
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        var stopped = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "stopped");
        Assert.True(stopped.GetProperty("endedAt").GetDateTimeOffset() >= stopped.GetProperty("readyAt").GetDateTimeOffset());
        Assert.Null(stopped.GetProperty("notebookUrl").GetString());
        await Runtime.AssertStoppedCleanAsync(orchestrator, id);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.Http.GetAsync($"/s/{id}/api/status")).StatusCode);
    }

    [Fact]
    public async Task A_CSharp_notebook_reads_its_dataset_cannot_write_it_and_is_metered_by_its_size()
    {
        await using var orchestrator = Runtime.NewOrchestrator();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        await admin.PublishDatasetAsync("plant", "1", new Dictionary<string, string>
        {
            ["output.csv"] = "line,month,units\nL1,2026-01,1200\nL2,2026-01,830\nL1,2026-02,1175.5\n",
        });
        var (analyst, _) = await admin.CreateMemberAsync("csharp-analyst");
        using var _ = analyst;

        // 1. The .NET Interactive profile (images/dotnet-interactive) with the dataset.
        var id = (await analyst.LaunchAsync("dotnet", "small", "plant")).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");

        // 2. C# cells over the kernel WebSocket: the dataset through Microsoft.Data.Analysis from the image's own feed
        //    (a notebook has no internet), as the unprivileged user; the mount is read-only from C# too.
        await using (var kernel = await JupyterKernel.StartAsync(analyst, orchestrator.BaseAddress, id, ".net-csharp"))
        {
            var (restored, restoreError) = await kernel.ExecuteAsync("#r \"nuget: Microsoft.Data.Analysis, 0.24.0\"", TimeSpan.FromSeconds(180));
            Assert.True(restoreError is null, $"{restoreError}\n{restored}");

            var (sum, sumError) = await kernel.ExecuteAsync(
                """
                using Microsoft.Data.Analysis;
                DataFrame frame;
                using (var csv = System.IO.File.OpenRead("/data/plant/output.csv"))
                {
                    frame = DataFrame.LoadCsv(csv);
                }
                Console.WriteLine(Convert.ToDouble(frame["units"].Sum()).ToString(System.Globalization.CultureInfo.InvariantCulture));
                Console.WriteLine(Environment.UserName);
                """, TimeSpan.FromSeconds(180));
            Assert.True(sumError is null, sumError);
            Assert.Equal("3205.5\nanalyst\n", sum);

            var (written, writeError) = await kernel.ExecuteAsync(
                """
                try { System.IO.File.WriteAllText("/data/plant/new.csv", "x"); Console.WriteLine("written"); }
                catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException) { Console.WriteLine(e.Message); }
                """, TimeSpan.FromSeconds(60));
            Assert.True(writeError is null, writeError);
            Assert.StartsWith("Read-only file system", written, StringComparison.Ordinal);
        }

        // 3. Stop: nothing left, and the time is metered by the size, as for any profile.
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
        await Runtime.AssertStoppedCleanAsync(orchestrator, id);
        var usage = (await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/usage")).EnumerateArray().Single(u => u.GetProperty("session").GetString() == id);
        Assert.Equal((1m, 2m), (usage.GetProperty("cpu").GetDecimal(), usage.GetProperty("memoryGiB").GetDecimal())); // the small size
        Assert.True(usage.GetProperty("end").GetDateTimeOffset() > usage.GetProperty("start").GetDateTimeOffset(), usage.ToString());
    }
}
