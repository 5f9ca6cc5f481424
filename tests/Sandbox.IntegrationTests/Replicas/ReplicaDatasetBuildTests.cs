using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// Dataset builds with two orchestrator processes on one PostgreSQL store and one shared data folder (staged uploads and
/// layouts, as the production overlay shares them): a version published through one replica is built by exactly one
/// (the one holding its <c>dataset-build:{id}</c> claim); killed (SIGKILL) in the middle of the build, the other
/// replica claims it once the claim has run out, resumes it and publishes it, and a session launches with it.
/// </summary>
public sealed class ReplicaDatasetBuildTests
{
    /// <summary>A dead builder's claim runs out after a minute and is looked for every 30 s: the takeover comes within 90 s
    /// (plus slack for a loaded machine).</summary>
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(150);

    /// <summary>Once taken over, the build (forty megabytes laid out, pushed and pulled) on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Build = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_build_is_claimed_by_one_replica_and_when_it_is_killed_mid_build_the_other_finishes_it()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(2);
        var (a, b) = (replicas.All[0], replicas.All[1]);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        using var admin = await SandboxApi.SignInAsync(a.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        const string building = "Building dataset shared@1";

        // 1. A sizeable upload (forty random megabytes: its layout takes seconds to write), accepted by A.
        var random = new Random(61);
        var files = Enumerable.Range(0, 40).ToDictionary(i => $"part-{i:D2}.txt", _ => Convert.ToBase64String(RandomBytes(random, 1024 * 1024)));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { name = "shared", version = "1", title = "two replicas" }), Encoding.UTF8, "application/json"), "metadata" },
            { new ByteArrayContent(SandboxApi.TarGz(files)), "archive", "shared.tar.gz" },
        };
        Assert.Equal(HttpStatusCode.Accepted, (await admin.Http.PostAsync("/api/v1/datasets", content)).StatusCode);

        // 2. One replica says it builds it (the signal), holding the version's claim; the other does not.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (a.CountInLog(building) + b.CountInLog(building) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No replica began building within 60 s.\nA:\n{a.Tail()}\nB:\n{b.Tail()}");
            await Task.Delay(20); // poll interval over both logs until one begins the build
        }

        var (builder, other) = a.CountInLog(building) > 0 ? (a, b) : (b, a);
        await builder.KillAsync();
        Assert.Equal(0, other.CountInLog(building));
        Assert.Equal(1, await replicas.ScalarAsync("SELECT count(*) FROM scheduled_work_leases WHERE \"Name\" LIKE 'dataset-build:%'"));
        using var onOther = admin.On(other.BaseAddress);
        Assert.True(await StatusAsync(onOther) == "building", $"The build ended before the builder was killed: make the upload larger.\n{builder.Tail()}");

        // 3. The other replica takes the build over once the dead builder's claim ran out (the signal: it says it builds
        //    it), resumes it and publishes it.
        Assert.True(await other.LogContainsAsync(building, Takeover), $"No takeover {Takeover} after the builder died.\n{other.Tail()}");
        deadline = DateTime.UtcNow + Build;
        string status;
        while ((status = await StatusAsync(onOther)) == "building")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still building {Build} after the takeover.\n{other.Tail()}");
            await Task.Delay(200); // the catalog has no change notification for scripts: poll the build's status
        }

        Assert.True(status == "published", $"{status}\n{other.Tail()}");
        Assert.Equal(1, other.CountInLog(building));
        Assert.True(await other.LogContainsAsync("Dataset shared@1 published", TimeSpan.FromSeconds(5)), other.Tail());

        //    The claim is released right after the publish (not with it): wait for its row to go.
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (await replicas.ScalarAsync("SELECT count(*) FROM scheduled_work_leases WHERE \"Name\" LIKE 'dataset-build:%'") != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The build's claim was still held 30 s after the publish.\n{other.Tail()}");
            await Task.Delay(100); // the release has no signal a test can see: poll the claim's row
        }

        // 4. Launchable through the survivor.
        var id = (await onOther.LaunchAsync("python", "small", "shared@1")).GetProperty("id").GetString()!;
        var running = await onOther.WaitForStateAsync(id, TimeSpan.FromSeconds(150), "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{other.Tail()}");
        (await onOther.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await onOther.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
    }

    private static async Task<string> StatusAsync(SandboxApi api)
    {
        var dataset = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/shared");
        return dataset.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "1").GetProperty("status").GetString()!;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
