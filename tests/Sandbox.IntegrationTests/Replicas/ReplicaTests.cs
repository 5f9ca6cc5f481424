using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Sandbox.Testing;
using Xunit.Abstractions;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// Several orchestrator processes on one PostgreSQL store and one Docker engine: they start together, each live session
/// is reconciled by one of them, a stop reaches the session's holder through the store, a dead replica's sessions are
/// taken over within the lease time, and a paused one writes nothing once it lost its leases.
/// </summary>
public sealed class ReplicaTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Three_replicas_starting_together_on_an_empty_store_set_it_up_once()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(3);

        await Task.WhenAll(replicas.All.Select(r => r.StartAsync()));

        // One schema (every migration applied once), one installation, one set of roles, one admin, one set of rate cards.
        Assert.Equal(Sandbox.Orchestrator.Backup.BackupLayout.KnownMigrations.Count, await replicas.ScalarAsync("SELECT count(*) FROM \"__EFMigrationsHistory\"")); // every migration once
        Assert.Equal(1, await replicas.ScalarAsync("SELECT count(*) FROM installation"));
        Assert.All(replicas.All, r => Assert.Equal(replicas.All[0].InstallationId, r.InstallationId));
        Assert.Equal(
            await replicas.ScalarAsync("SELECT count(DISTINCT \"Name\") FROM \"AspNetRoles\""),
            await replicas.ScalarAsync("SELECT count(*) FROM \"AspNetRoles\""));
        Assert.Equal(1, await replicas.ScalarAsync("SELECT count(*) FROM \"AspNetUsers\""));
        Assert.Equal(
            await replicas.ScalarAsync("SELECT count(*) FROM (SELECT DISTINCT \"Tier\", \"EffectiveFrom\" FROM rate_cards) t"),
            await replicas.ScalarAsync("SELECT count(*) FROM rate_cards"));
        Assert.True(await replicas.ScalarAsync("SELECT count(*) FROM rate_cards") > 0);

        // Every one serves: the admin signs in on each.
        foreach (var replica in replicas.All)
        {
            using var admin = await SandboxApi.SignInAsync(replica.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        }
    }

    [Fact]
    public async Task A_replica_waits_for_another_ones_set_up_past_its_statement_timeout_and_then_starts()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(1);
        var replica = replicas.All[0];

        // Its statements time out after 5 s: waiting for the set-up lock must not be one of them.
        replica.Configure("Sandbox__Store__ConnectionString", replicas.ConnectionString + ";Command Timeout=5");
        await using var settingUp = new NpgsqlConnection(replicas.ConnectionString + ";Pooling=false"); // closing it ends its session and its lock
        await settingUp.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(23469549825453944)", settingUp)) // StoreMigrator.SetupLockKey ("Sandbox")
        {
            await take.ExecuteNonQueryAsync();
        }

        var starting = replica.StartAsync();
        Assert.True(await replica.LogContainsAsync("Another replica is setting the store up", TimeSpan.FromSeconds(150)), replica.Tail());
        await Task.Delay(TimeSpan.FromSeconds(7)); // fixed on purpose: outlasting the 5 s statement timeout is what is shown
        Assert.False(starting.IsCompleted, $"The replica stopped waiting for the set-up lock:\n{replica.Tail()}");

        await settingUp.CloseAsync(); // the other replica's set-up ends
        await starting;
        Assert.Equal(1, await replicas.ScalarAsync("SELECT count(*) FROM installation"));
    }

    [Fact]
    public async Task A_session_launched_through_one_replica_is_stopped_promptly_through_another()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(2);
        var (a, b) = (replicas.All[0], replicas.All[1]);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        using var admin = await SandboxApi.SignInAsync(a.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (onA, _) = await admin.CreateMemberAsync("replicas");
        using var _ = onA;
        using var onB = onA.On(b.BaseAddress);

        // 1. Launched through A, which holds it and runs it: one container.
        var id = (await onA.LaunchAsync()).GetProperty("id").GetString()!;
        await onA.WaitForStateAsync(id, Settle, "running");
        Assert.Single(await DockerEngine.ContainersAsync($"{a.LabelPrefix}session={id}"));
        Assert.NotNull(await replicas.LeaseOfAsync(id));

        // 2. Stopped through B: A learns of it from the store (no channel between them here) and stops it within seconds.
        var asked = Stopwatch.StartNew();
        (await onB.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        var stopped = await onB.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "stopped");
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(10), $"The stop took {asked.Elapsed}.\nA:\n{a.Tail()}\nB:\n{b.Tail()}");
        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        Assert.Empty(await DockerEngine.ContainersAsync($"{a.LabelPrefix}session={id}"));

        // The holder releases the lease with the stop; a pass the other replica had queued may take it for a moment,
        // find the session ended and release it too: within seconds no lease is left.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await replicas.LeaseOfAsync(id) is { } left)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The ended session's lease is still held by {left.Holder} (epoch {left.Epoch}) 10 s after it stopped.\nA:\n{a.Tail()}\nB:\n{b.Tail()}");
            await Task.Delay(100); // poll the lease table until the row is gone
        }
    }

    [Fact]
    public async Task A_replica_stopped_gracefully_hands_its_sessions_over_at_once()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(2);
        var (a, b) = (replicas.All[0], replicas.All[1]);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        using var admin = await SandboxApi.SignInAsync(a.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (onA, _) = await admin.CreateMemberAsync("rolling");
        using var _ = onA;
        var id = (await onA.LaunchAsync()).GetProperty("id").GetString()!;
        await onA.WaitForStateAsync(id, Settle, "running");
        var held = (await replicas.LeaseOfAsync(id))!.Value;

        // The holder (A, which accepted the launch and stored its lease with it) stops as in a rolling restart: it releases
        // its leases, so the other takes the session long before a lease runs out.
        var (holder, other) = (a, b);
        Assert.True(a.CountInLog($"Session {id} ready") == 1, $"The replica that accepted the launch did not carry it out.\n{a.Tail()}\n---\n{b.Tail()}");
        await holder.StopGracefullyAsync();
        Assert.True(await holder.LogContainsAsync("Released 1 session leases", TimeSpan.FromSeconds(5)), holder.Tail());
        var stoppedAt = Stopwatch.StartNew();
        while ((await replicas.LeaseOfAsync(id)) is not { } lease || lease.Holder == held.Holder)
        {
            Assert.True(stoppedAt.Elapsed < TimeSpan.FromSeconds(6), $"The other replica did not take the session over.\n{holder.Tail()}\n---\n{other.Tail()}");
            await Task.Delay(50); // poll interval over the lease table until the takeover or the deadline
        }

        Assert.Equal(held.Epoch + 1, (await replicas.LeaseOfAsync(id))!.Value.Epoch);
        using var onOther = onA.On(other.BaseAddress);
        Assert.Equal("running", (await onOther.GetSessionAsync(id)).GetProperty("state").GetString());
        Assert.Single(await DockerEngine.ContainersAsync($"{a.LabelPrefix}session={id}"));
    }

    [Fact]
    public async Task When_a_replica_is_killed_during_twenty_launches_the_others_settle_every_session_once()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(3, new Dictionary<string, string>
        {
            ["Sandbox__Quotas__Member__MaxConcurrentSessions"] = "25",
            ["Sandbox__Reconciler__StartTimeout"] = "00:03:00",
        });
        await Task.WhenAll(replicas.All.Select(r => r.StartAsync()));
        using var admin = await SandboxApi.SignInAsync(replicas.All[0].BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, memberId) = await admin.CreateMemberAsync("replicas");
        using var _ = analyst;
        var through = replicas.All.Select(r => analyst.On(r.BaseAddress)).ToList();
        var victim = replicas.All[2];

        // 1. Twenty launches spread over the three replicas (each takes the leases of the sessions launched through it).
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            try
            {
                ids.Add((await through[i % 3].LaunchAsync()).GetProperty("id").GetString()!);
            }
            catch (HttpRequestException e)
            {
                throw new HttpRequestException($"Launch {i} through replica {i % 3}: {e.Message}\n{replicas.All[i % 3].Tail(80)}", e);
            }
        }

        // 2. The third replica dies (SIGKILL) once one of its launches is being provisioned.
        var victims = ids.Where((_, i) => i % 3 == 2).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !await AnyBeyondPendingAsync(through[0], victims))
        {
            await Task.Delay(50); // poll interval: session states are the signal, asked until one moves or the deadline
        }

        string? victimId = null;
        foreach (var id in victims)
        {
            victimId ??= (await replicas.LeaseOfAsync(id))?.Holder;
        }

        Assert.NotNull(victimId); // the third replica holds the sessions launched through it
        await victim.KillAsync();
        var killedAt = DateTime.UtcNow;

        // 3. Within 15 s of the death, no live session is held by the dead replica any more: the others took them over.
        while (await HeldByAsync(replicas, ids, victimId) > 0)
        {
            Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(15),
                $"Sessions still held by the dead replica after 15 s.\nA:\n{replicas.All[0].Tail()}\nB:\n{replicas.All[1].Tail()}");
            await Task.Delay(100); // poll interval over the lease table until the takeover or the deadline
        }

        output.WriteLine($"Taken over {(DateTime.UtcNow - killedAt).TotalSeconds:0.0} s after the kill (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}).");

        // 4. Every session settles on the survivors: running (or a clear failure), within the lease time plus passes.
        var settled = new List<JsonElement>();
        foreach (var id in ids)
        {
            settled.Add(await WaitOrExplainAsync(through[0], id, ["running", "failed"], replicas.All[0], replicas.All[1]));
        }

        Assert.All(settled, s => Assert.True(s.GetProperty("state").GetString() == "running",
            $"{s}\nA:\n{replicas.All[0].Tail()}\nB:\n{replicas.All[1].Tail()}"));
        Assert.True(DateTime.UtcNow - killedAt < Settle);

        // 5. Exactly one container per session, none without a session; every lease held by a survivor.
        var containers = await DockerEngine.ContainersAsync([$"{victim.LabelPrefix}managed=true", $"{victim.LabelPrefix}installation={victim.InstallationId}"]);
        var bySession = containers.GroupBy(c => c.Labels[$"{victim.LabelPrefix}session"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), bySession.Keys.Order(StringComparer.Ordinal));
        Assert.All(bySession, kv => Assert.Equal(1, kv.Value));
        foreach (var id in victims)
        {
            var lease = await replicas.LeaseOfAsync(id);
            Assert.NotNull(lease);
            Assert.NotEqual(victimId, lease.Value.Holder);
        }

        // 6. Stopped through the survivors: billed from ready to end once each, as the usage API reports it.
        foreach (var id in ids)
        {
            (await through[1].Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        }

        var ended = new List<JsonElement>();
        foreach (var id in ids)
        {
            ended.Add(await through[0].WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped"));
        }

        var usage = await through[1].Http.GetFromJsonAsync<JsonElement>(
            $"/api/v1/usage?member={memberId}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}");
        var intervals = usage.EnumerateArray().ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), intervals.Select(u => u.GetProperty("session").GetString()!).Order(StringComparer.Ordinal));
        foreach (var session in ended)
        {
            var interval = intervals.Single(u => u.GetProperty("session").GetString() == session.GetProperty("id").GetString());
            Assert.Equal(session.GetProperty("readyAt").GetDateTimeOffset(), interval.GetProperty("start").GetDateTimeOffset());
            Assert.Equal(session.GetProperty("endedAt").GetDateTimeOffset(), interval.GetProperty("end").GetDateTimeOffset());
            Assert.True(session.GetProperty("endedAt").GetDateTimeOffset() > session.GetProperty("readyAt").GetDateTimeOffset());
        }

        Assert.Empty(await DockerEngine.ContainersAsync([$"{victim.LabelPrefix}managed=true", $"{victim.LabelPrefix}installation={victim.InstallationId}"]));
    }

    [Fact]
    public async Task A_replica_paused_past_its_lease_writes_nothing_when_it_wakes_and_the_new_owner_keeps_the_session()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(2, new Dictionary<string, string>
        {
            ["Logging__LogLevel__Sandbox.Orchestrator.Sessions"] = "Debug", // passes that find the lease held elsewhere say so
        });
        var (a, b) = (replicas.All[0], replicas.All[1]);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        using var admin = await SandboxApi.SignInAsync(a.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (onA, _) = await admin.CreateMemberAsync("paused");
        using var _ = onA;
        using var onB = onA.On(b.BaseAddress);

        // 1. Launched through A; A is paused (SIGSTOP) in the middle of starting it, holding its lease at epoch 1.
        var id = (await onA.LaunchAsync()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await onB.GetSessionAsync(id)).GetProperty("state").GetString() == "pending" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20); // poll interval: the session's state is the signal
        }

        await a.PauseAsync();
        var heldByA = await replicas.LeaseOfAsync(id);
        Assert.Equal(1, heldByA?.Epoch);

        // 2. B takes the session over once A's lease has run out (epoch 2) and brings it to running.
        var running = await WaitOrExplainAsync(onB, id, ["running"], a, b);
        var takenOver = await replicas.LeaseOfAsync(id);
        Assert.NotNull(takenOver);
        Assert.NotEqual(heldByA!.Value.Holder, takenOver.Value.Holder);
        Assert.Equal(2, takenOver.Value.Epoch);

        // 3. A wakes: its pass in flight finds the lease lost and writes nothing; B keeps the session.
        var revision = await replicas.ScalarAsync($"SELECT \"Revision\" FROM sessions WHERE \"Id\" = '{id}'");
        var leftToOthersBefore = a.CountInLog($"Session {id} is held by another replica");
        await a.ResumeAsync();

        // Its pass in flight finds the lease lost; or, paused inside the fenced transaction past the server's idle limit,
        // it fails (the server rolled that transaction back) and its retry finds the session held by B.
        var gaveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (a.CountInLog($"Lease of session {id} lost") == 0 && a.CountInLog($"Session {id} is held by another replica") == leftToOthersBefore)
        {
            Assert.True(DateTime.UtcNow < gaveUp, $"A did not give the session up within 30 s of waking:\n{a.Tail()}");
            await Task.Delay(100); // poll interval over A's log
        }

        Assert.Equal(takenOver, await replicas.LeaseOfAsync(id));
        Assert.Equal(revision, await replicas.ScalarAsync($"SELECT \"Revision\" FROM sessions WHERE \"Id\" = '{id}'"));
        var after = await onB.GetSessionAsync(id);
        Assert.Equal("running", after.GetProperty("state").GetString());
        Assert.Equal(running.GetProperty("readyAt").GetDateTimeOffset(), after.GetProperty("readyAt").GetDateTimeOffset());
        Assert.Single(await DockerEngine.ContainersAsync($"{a.LabelPrefix}session={id}"));

        // 4. Still B's to stop.
        (await onA.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await onB.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "stopped");
        Assert.Empty(await DockerEngine.ContainersAsync($"{a.LabelPrefix}session={id}"));
    }

    private static async Task<JsonElement> WaitOrExplainAsync(SandboxApi api, string id, string[] states, params OrchestratorProcess[] replicas)
    {
        try
        {
            return await api.WaitForStateAsync(id, Settle, states);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join("\n", replicas.Select(r => $"--- replica on {r.Port}:\n{r.Tail()}"))}", e);
        }
    }

    private static async Task<int> HeldByAsync(OrchestratorReplicas replicas, IEnumerable<string> ids, string? holder)
    {
        var held = 0;
        foreach (var id in ids)
        {
            if ((await replicas.LeaseOfAsync(id))?.Holder == holder)
            {
                held++;
            }
        }

        return held;
    }

    private static async Task<bool> AnyBeyondPendingAsync(SandboxApi api, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if ((await api.GetSessionAsync(id)).GetProperty("state").GetString() != "pending")
            {
                return true;
            }
        }

        return false;
    }
}
