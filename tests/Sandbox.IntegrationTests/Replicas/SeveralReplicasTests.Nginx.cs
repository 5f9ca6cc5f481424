using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>The replicas as analysts use them: through nginx, round robin, and across a rolling restart of all three.</summary>
public sealed partial class SeveralReplicasTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Through_nginx_a_notebook_launched_on_one_replica_and_stopped_on_another_settles_with_one_container()
    {
        var email = await CreateMemberAsync("nginx");
        using var analyst = await SandboxApi.SignInAsync(replicas.ThroughNginx(), email, Password);

        // 1. Launched through nginx: one replica takes it (and its lease) and runs it in one container.
        var launch = await analyst.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" });
        Assert.Equal(HttpStatusCode.Created, launch.StatusCode);
        var launchedOn = replicas.AnsweredBy(launch);
        var id = (await launch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitOrExplainAsync(analyst, id, Settle, "running");
        Assert.Single(await DockerEngine.ContainersAsync($"{replicas.A.LabelPrefix}session={id}"));

        // 2. Stopped through nginx on another replica: round robin sends the request after one the launching replica
        //    answered to the next replica (nothing else goes through nginx meanwhile; the header says where it went).
        var probes = 0;
        while (true)
        {
            using var probe = await analyst.Http.GetAsync("/healthz");
            if (replicas.AnsweredBy(probe) == launchedOn)
            {
                break;
            }

            Assert.True(++probes < 10, "nginx did not send a request to the launching replica in ten");
        }

        var stop = await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        var stoppedOn = replicas.AnsweredBy(stop);
        Assert.NotEqual(replicas.NameOf(launchedOn), replicas.NameOf(stoppedOn));

        // 3. It settles: stopped, as every replica reports it, and no container left.
        var asked = Stopwatch.StartNew();
        await WaitOrExplainAsync(analyst, id, TimeSpan.FromSeconds(30), "stopped");
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(10), $"The stop took {asked.Elapsed}");
        foreach (var replica in replicas.All)
        {
            using var direct = analyst.On(replica.BaseAddress);
            Assert.Equal("stopped", (await direct.GetSessionAsync(id)).GetProperty("state").GetString());
        }

        Assert.Empty(await DockerEngine.ContainersAsync($"{replicas.A.LabelPrefix}session={id}"));
    }

    [Fact]
    public async Task A_rolling_restart_of_all_three_replicas_signs_nobody_out_and_keeps_the_notebook_and_its_kernel_running()
    {
        // An analyst signed in through nginx twice, as the portal (cookie) and as a script (bearer token), with a
        // notebook whose kernel holds a variable.
        var email = await CreateMemberAsync("rolling");
        using var analyst = await SandboxApi.SignInAsync(replicas.ThroughNginx(), email, Password);
        var cookies = new CookieContainer();
        using var portal = replicas.ThroughNginx(cookies);
        Assert.Equal(HttpStatusCode.OK, (await portal.PostAsJsonAsync("/api/v1/auth/signin", new { email, password = Password })).StatusCode);
        Assert.NotNull(cookies.GetCookies(replicas.NginxAddress)["sandbox.auth"]);

        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        await WaitOrExplainAsync(analyst, id, Settle, "running");
        var containerBefore = await InspectSessionContainerAsync(id);
        string kernelId;
        await using (var kernel = await JupyterKernel.StartAsync(analyst, replicas.NginxAddress, id))
        {
            kernelId = kernel.KernelId;
            var (output, error) = await kernel.ExecuteAsync("kept = 6 * 7\nprint(kept)", TimeSpan.FromSeconds(60));
            Assert.Null(error);
            Assert.Equal("42\n", output);
        }

        // A kernel socket stays open through nginx during the restarts (it may drop when its replica stops: expected).
        await using var openKernel = await JupyterKernel.ConnectAsync(analyst, replicas.NginxAddress, id, kernelId);

        // Throughout: the analyst's requests through nginx, with the token and with the cookie, each answered 200 with
        // the session running (nginx may retry one on another replica: that is its job; the analyst sees one answer).
        using var restarting = new CancellationTokenSource();
        var seen = new ConcurrentQueue<string>();
        var answeredBy = new ConcurrentDictionary<string, int>();
        async Task WatchAsync(HttpClient client, string how)
        {
            while (!restarting.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync($"/api/v1/sessions/{id}");
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        seen.Enqueue($"{how}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        continue;
                    }

                    var state = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()!;
                    seen.Enqueue($"{how}: {state}");
                    answeredBy.AddOrUpdate(replicas.NameOf(replicas.AnsweredBy(response)), 1, (_, n) => n + 1);
                }
                catch (HttpRequestException e)
                {
                    seen.Enqueue($"{how}: {e.Message}");
                }

                await Task.Delay(100); // pace of the analyst's requests during the restart
            }
        }

        var retriedBefore = RetriesInNginxLog();
        var watchers = Task.WhenAll(WatchAsync(analyst.Http, "token"), WatchAsync(portal, "cookie"));

        // A, B, C one after the other: SIGTERM, started again, healthy and back in nginx's rotation, then the next.
        foreach (var replica in replicas.All)
        {
            var before = seen.Count;
            var (stop, restart) = await replicas.RestartAsync(replica);
            output.WriteLine($"{replicas.NameOf(replica)}: stopped in {stop.TotalSeconds:0.0} s, back in nginx's rotation {restart.TotalSeconds:0.0} s after SIGTERM");

            // The replica holding the open kernel socket too: it closes it at once instead of waiting the host's 30 s
            // shutdown timeout for it (a Kubernetes grace period of 30 s would kill it before it released its leases).
            Assert.True(stop < TimeSpan.FromSeconds(20), $"{replicas.NameOf(replica)} took {stop.TotalSeconds:0.0} s to stop:\n{replica.Tail()}");
            await WaitUntilAsync(() => seen.Count >= before + 4, TimeSpan.FromSeconds(10), "the analyst's requests going on after a restart");
        }

        await restarting.CancelAsync();
        await watchers;

        var wrong = seen.Where(s => !s.EndsWith(": running", StringComparison.Ordinal)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {seen.Count} requests through nginx saw something else than the session running:\n"
            + $"{string.Join("\n", wrong.Take(20))}\nnginx:\n{replicas.Nginx.ErrorLogTail()}");
        Assert.Contains(seen, s => s.StartsWith("token:", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.StartsWith("cookie:", StringComparison.Ordinal));
        Assert.True(RetriesInNginxLog() > retriedBefore, $"nginx never met a replica that was down, so nothing was tested:\n{replicas.Nginx.ErrorLogTail()}");
        Assert.True(answeredBy.Count == 3, $"the requests were answered by {string.Join(", ", answeredBy.Select(kv => $"{kv.Key}: {kv.Value}"))} only");

        // After: the same container, never restarted, and the kernel still has its variable, read over a new socket.
        var containerAfter = await InspectSessionContainerAsync(id);
        Assert.Equal(containerBefore.ID, containerAfter.ID);
        Assert.Equal(containerBefore.State!.StartedAt, containerAfter.State!.StartedAt);
        Assert.Equal(containerBefore.RestartCount, containerAfter.RestartCount);
        Assert.True(containerAfter.State.Running);
        await using (var kernel = await JupyterKernel.ConnectAsync(analyst, replicas.NginxAddress, id, kernelId))
        {
            var (output, error) = await kernel.ExecuteAsync("print(kept)", TimeSpan.FromSeconds(60));
            Assert.Null(error);
            Assert.Equal("42\n", output);
        }

        // Both still signed in, on every replica.
        foreach (var replica in replicas.All)
        {
            using var direct = analyst.On(replica.BaseAddress);
            Assert.Equal("running", (await direct.GetSessionAsync(id)).GetProperty("state").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/api/v1/sessions")).StatusCode);
        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await WaitOrExplainAsync(analyst, id, TimeSpan.FromSeconds(60), "stopped");
    }

    /// <summary>How many times nginx could not reach a replica and passed the request on (its error log says so per try).</summary>
    private int RetriesInNginxLog() =>
        replicas.Nginx.ErrorLogTail(int.MaxValue).Split('\n').Count(line => line.Contains("while connecting to upstream", StringComparison.Ordinal));

    private async Task<ContainerInspectResponse> InspectSessionContainerAsync(string sessionId)
    {
        var container = Assert.Single(await DockerEngine.ContainersAsync($"{replicas.A.LabelPrefix}session={sessionId}"));
        var docker = await DockerEngine.ClientAsync();
        return await docker.Containers.InspectContainerAsync(container.Name);
    }

    private async Task<JsonElement> WaitOrExplainAsync(SandboxApi api, string id, TimeSpan timeout, string state)
    {
        try
        {
            return await api.WaitForStateAsync(id, timeout, state);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join("\n", replicas.All.Select(r => $"--- {replicas.NameOf(r)}:\n{r.Tail()}"))}", e);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"No {what} within {timeout.TotalSeconds:0} s");
            await Task.Delay(50); // poll interval over what the watchers recorded
        }
    }
}
