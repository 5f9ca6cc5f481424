using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Sweeps;

/// <summary>
/// The sweeps of a running orchestrator against the real engine, with a two-second interval: the orphan sweep shared
/// with Kubernetes (<see cref="SweepScenarios"/>) and the Docker-only ones.
/// </summary>
public sealed class SweepTests : SweepScenarios
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The line each completed pass of the withdrawn-image sweep logs (at Debug, for the scheduling category).</summary>
    private const string WithdrawnImageSweepRan = "Scheduled work sweep.withdrawn-images ran";

    protected override SessionRuntimeKind Runtime => DockerRuntimeKind.Instance;

    [Fact]
    public async Task A_withdrawn_version_keeps_its_image_while_a_session_mounts_it_and_loses_it_after_while_its_entry_stays()
    {
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Sweep__Interval"] = "00:00:01",
            ["Sandbox__Sweep__WithdrawnImageGrace"] = "00:00:00",
            ["Logging__LogLevel__Sandbox.Orchestrator.Scheduling"] = "Debug",
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        await admin.PublishDatasetAsync("sweep-parks", "1", new Dictionary<string, string> { ["parks.csv"] = "park,trees\nA,10\n" });
        var imageId = (await VersionAsync(admin, "sweep-parks", "1")).GetProperty("imageId").GetString()!;
        var (analyst, _) = await admin.CreateMemberAsync("sweep-parks-analyst");
        using var _a = analyst;

        // 1. A running session mounts version 1, which is then withdrawn: over several sweeps its image stays. Three
        //    passes ending after the withdrawal are the signal: at least two of them began after it and saw it.
        var id = (await analyst.LaunchAsync("python", "small", "sweep-parks@1")).GetProperty("id").GetString()!;
        Assert.Equal("running", (await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed")).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsync("/api/v1/datasets/sweep-parks/versions/1/withdraw", null)).StatusCode);
        var sweeps = orchestrator.CountInLog(WithdrawnImageSweepRan);
        Assert.True(await orchestrator.LogCountReachesAsync(WithdrawnImageSweepRan, sweeps + 3, TimeSpan.FromSeconds(60)), orchestrator.Tail());
        Assert.True(await DockerEngine.ImageExistsAsync(imageId), orchestrator.Tail());
        Assert.Equal(JsonValueKind.Null, (await VersionAsync(admin, "sweep-parks", "1")).GetProperty("imageRemovedAt").ValueKind);

        // 2. The session stops: the next sweeps remove the image; the catalog still lists the version as withdrawn.
        Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && await DockerEngine.ImageExistsAsync(imageId))
        {
            await Task.Delay(250); // poll interval: the engine is asked again until the image is gone or the deadline
        }

        Assert.False(await DockerEngine.ImageExistsAsync(imageId), orchestrator.Tail());
        Assert.True(await orchestrator.LogContainsAsync("Sweep removed the image", TimeSpan.FromSeconds(5)), orchestrator.Tail());
        var version = await VersionAsync(admin, "sweep-parks", "1");
        Assert.Equal(JsonValueKind.String, version.GetProperty("withdrawnAt").ValueKind);
        Assert.True(version.GetProperty("imageRemovedAt").GetDateTimeOffset() >= version.GetProperty("withdrawnAt").GetDateTimeOffset());
        Assert.Empty(await DockerEngine.ContainersAsync(orchestrator.LabelPrefix + "data=true"));
    }

    [Fact]
    public async Task A_session_whose_sandbox_vanished_fails_before_the_resync_with_usage_closed_when_it_was_last_seen()
    {
        // The reconciler's own resync is slow here, so only the engine's events or the sweep can notice in time.
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Sweep__Interval"] = "00:00:02",
            ["Sandbox__Reconciler__ResyncInterval"] = "00:00:20",
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync("vanish-analyst");
        using var _a = analyst;

        // 1. A running session, seen alive once by the reconciler.
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        Assert.Equal("running", (await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed")).GetProperty("state").GetString());
        var deadline = DateTime.UtcNow.AddSeconds(45);
        long? lastSeen;
        while ((lastSeen = await LastSeenAtAsync(orchestrator.DataDir, id)) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200); // poll interval over the store until the reconciler has recorded the sandbox seen, or the deadline
        }

        Assert.NotNull(lastSeen);

        // 2. Its sandbox is removed behind the orchestrator's back, right after the reconciler looked.
        var removedAt = DateTimeOffset.UtcNow;
        await DockerEngine.RemoveContainerAsync(Assert.Single(await DockerEngine.ContainersAsync($"{orchestrator.LabelPrefix}session={id}")).Name);

        // 3. Well before the reconciler's next resync, the session failed, billed until it was last seen. Since the engine's
        //    events wake the reconciler, they usually come first (a forced removal kills first: sandbox_exited, exit
        //    code 137); the sweep (sandbox_vanished) is the net under them. Which one won, the billing is the same.
        var failed = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(8), "failed");
        Assert.Contains(failed.GetProperty("reason").GetString(), new[] { "sandbox_exited", "sandbox_vanished" });
        var endedAt = failed.GetProperty("endedAt").GetDateTimeOffset();
        Assert.Equal(await LastSeenAtAsync(orchestrator.DataDir, id), endedAt.ToUnixTimeMilliseconds());
        Assert.True(endedAt <= removedAt, $"endedAt {endedAt:O} is after the removal at {removedAt:O}");
    }

    private static async Task<long?> LastSeenAtAsync(string dataDir, string sessionId)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "sandbox.db"), Pooling = false, DefaultTimeout = 30 };
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection(connection.ConnectionString);
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT LastSeenAt FROM sessions WHERE Id = $id";
        read.Parameters.AddWithValue("$id", sessionId);
        return await read.ExecuteScalarAsync() is long value ? value : null;
    }

    private static async Task<JsonElement> VersionAsync(SandboxApi admin, string name, string version) =>
        (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}")).GetProperty("versions").EnumerateArray()
            .Single(v => v.GetProperty("version").GetString() == version);
}
