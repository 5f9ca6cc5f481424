using System.Diagnostics;
using Sandbox.Testing;
using Sandbox.Testing.Containers;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// Two orchestrator processes on one PostgreSQL and one Redis (a throwaway server of this class), with store scans and
/// resyncs far apart (<see cref="SlowScan"/>): a stop asked through the replica that does not hold the session reaches
/// the holder through Redis (a reconcile nudge) and is carried out at once, not at the holder's next look at the store.
/// </summary>
public sealed class ReplicaNudgeTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    /// <summary>How often each replica looks in the store for stop requests and unheld sessions, and resyncs: too rarely to carry a prompt stop.</summary>
    private static readonly TimeSpan SlowScan = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_stop_asked_through_the_replica_that_does_not_hold_the_session_is_carried_out_within_seconds_through_the_nudge()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(2, new Dictionary<string, string>
        {
            ["Sandbox__Redis__Configuration"] = redis.ConnectionString,
            ["Sandbox__Reconciler__LeaseScanInterval"] = SlowScan.ToString(),
            ["Sandbox__Reconciler__ResyncInterval"] = TimeSpan.FromMinutes(5).ToString(),
        });
        var (a, b) = (replicas.All[0], replicas.All[1]);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        using var admin = await SandboxApi.SignInAsync(a.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (onA, _) = await admin.CreateMemberAsync("nudged");
        using var _ = onA;

        // 1. Launched through A, which stored the session with its lease: A carries it out, though B is nudged too.
        var id = (await onA.LaunchAsync()).GetProperty("id").GetString()!;
        await onA.WaitForStateAsync(id, TimeSpan.FromSeconds(150), "running");
        Assert.Single(await DockerEngine.ContainersAsync($"{a.LabelPrefix}session={id}"));
        var (holder, other) = (a, b);
        Assert.True(a.CountInLog($"Session {id} ready") == 1, $"The replica that accepted the launch did not carry it out.\nA:\n{a.Tail()}\n---\nB:\n{b.Tail()}");
        Assert.Equal(0, b.CountInLog($"Session {id} ready"));
        Assert.Equal(1, (await replicas.LeaseOfAsync(id))?.Epoch);

        // 2. Stopped through the other replica: the holder begins the stop within two seconds (its store scan is 20 s away),
        //    and the session ends with its container gone long before the scan could have carried it.
        using var onOther = onA.On(other.BaseAddress);
        var asked = Stopwatch.StartNew();
        (await onOther.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await onOther.WaitForStateAsync(id, TimeSpan.FromSeconds(2), "stopping", "stopped");
        var stopping = asked.Elapsed;
        await onOther.WaitForStateAsync(id, SlowScan - TimeSpan.FromSeconds(5), "stopped");
        Assert.True(stopping < TimeSpan.FromSeconds(2), $"The stop began {stopping} after it was asked.\nholder:\n{holder.Tail()}");
        Assert.Empty(await DockerEngine.ContainersAsync($"{a.LabelPrefix}session={id}"));
        Assert.True(await holder.LogContainsAsync($"Session {id} stopped", TimeSpan.FromSeconds(5)), holder.Tail());
        Assert.Equal(0, other.CountInLog($"Session {id} stopped"));

        // 3. The lease is let go with the session (a pass woken by the container's removal may take and drop it a moment later).
        var released = DateTime.UtcNow.AddSeconds(5);
        while (await replicas.LeaseOfAsync(id) is { } left)
        {
            Assert.True(DateTime.UtcNow < released, $"The ended session's lease is still held: {left}");
            await Task.Delay(50); // poll interval over the lease table until the row is gone or the deadline
        }
    }
}
