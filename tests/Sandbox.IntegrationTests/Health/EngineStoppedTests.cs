using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sandbox.IntegrationTests.Browser;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.IntegrationTests.Portal;
using Sandbox.Testing;
using static Microsoft.Playwright.Assertions;

namespace Sandbox.IntegrationTests.Health;

/// <summary>
/// Liveness, readiness and launches while the Docker engine is stopped and once it is back, through the real orchestrator
/// on the real engine (reached through a socket of its own that the test can stop: <see cref="StoppableEngineSocket"/>),
/// and what an analyst sees of it in the portal (headless Chromium).
/// </summary>
#pragma warning disable CA1001 // Disposed in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class EngineStoppedTests(ChromiumFixture chromium) : IAsyncLifetime, IClassFixture<ChromiumFixture>
#pragma warning restore CA1001
{
    private const string AnalystEmail = "engine-stopped@sandbox.test", AnalystPassword = "member-password-1";

    private readonly StoppableEngineSocket _engine = new();
    private OrchestratorProcess _orchestrator = null!;
    private SandboxApi _analyst = null!;
    private SandboxApi _admin = null!;

    public async Task InitializeAsync()
    {
        _orchestrator = new OrchestratorProcess(new Dictionary<string, string> { ["Sandbox__Docker__SocketPath"] = _engine.Path });
        await _orchestrator.StartAsync();
        _admin = await SandboxApi.SignInAsync(_orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        using var created = await _admin.Http.PostAsJsonAsync("/api/v1/members",
            new { email = AnalystEmail, password = AnalystPassword, displayName = "Engine Stopped", tier = "member", roles = Array.Empty<string>() });
        created.EnsureSuccessStatusCode();
        _analyst = await SandboxApi.SignInAsync(_orchestrator.BaseAddress, AnalystEmail, AnalystPassword);
    }

    public async Task DisposeAsync()
    {
        _engine.Start(); // the clean-up removes what the orchestrator made through its engine
        _analyst?.Dispose();
        _admin?.Dispose();
        await _orchestrator.DisposeAsync();
        _engine.Dispose();
    }

    [Fact]
    public async Task With_the_engine_stopped_readiness_is_degraded_launches_get_503_runtime_unavailable_and_once_it_is_back_a_launch_runs()
    {
        // 1. Running: ready and live, every check named.
        var ready = await HealthAsync("/healthz/ready", HttpStatusCode.OK);
        Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        Assert.Equal(["runtime", "store"], ready["checks"]!.AsObject().Select(c => c.Key).Order());
        Assert.Equal("Healthy", (await HealthAsync("/healthz", HttpStatusCode.OK))["status"]!.GetValue<string>());
        var live = await HealthAsync("/healthz/live", HttpStatusCode.OK);
        Assert.Equal("Healthy", live["status"]!.GetValue<string>());
        Assert.Empty(live["checks"]!.AsObject());

        // 2. Stopped: still live and serving (200, "Degraded", the runtime named, no address or path in the answer);
        //    a launch is refused at once with a reason and when to try again, and leaves nothing; the catalog says the same.
        //    The runtime's last answer is trusted for 2 s: readiness says so within that (polled, as a probe would).
        _engine.Stop();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((ready = await HealthAsync("/healthz/ready", HttpStatusCode.OK))["status"]!.GetValue<string>() != "Degraded")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Readiness still says {ready} 10 s after the engine stopped.\n{_orchestrator.Tail()}");
            await Task.Delay(200); // a probe's interval
        }

        Assert.Equal("Degraded", ready["checks"]!["runtime"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", ready["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain(_engine.Path, ready.ToJsonString());
        Assert.Equal("Healthy", (await HealthAsync("/healthz/live", HttpStatusCode.OK))["status"]!.GetValue<string>());

        using (var refused = await _analyst.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" }))
        {
            await ProblemAssert.HasReasonAsync(refused, HttpStatusCode.ServiceUnavailable, "runtime.unavailable");
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        await ProblemAssert.HasReasonAsync(await _analyst.Http.GetAsync("/api/v1/profiles"), HttpStatusCode.ServiceUnavailable, "runtime.unavailable");
        Assert.Equal("[]", await _analyst.Http.GetStringAsync("/api/v1/sessions"));
        Assert.True(await _orchestrator.LogContainsAsync("The runtime cannot be reached", TimeSpan.FromSeconds(5)), _orchestrator.Tail());

        //    The analyst's page says so in words (Korean first), instead of a launch form that cannot work.
        PortalBuild.EnsureBuilt();
        await using (var context = await chromium.Browser.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(_orchestrator.BaseAddress.AbsoluteUri);
            await Expect(page.Locator("#signin-email")).ToBeVisibleAsync();
            await PortalBrowserTests.SignInAsync(page, AnalystEmail, AnalystPassword);
            var alert = page.Locator("[role=alert]").Filter(new() { HasText = "노트북 실행 환경에 연결할 수 없어" });
            await Expect(alert, "the portal saying the runtime cannot be reached").ToBeVisibleAsync();
            await Expect(page.Locator("section[aria-labelledby=launch-heading]")).ToHaveCountAsync(0);
        }

        // 3. Started again: within the 2 s the last answer is trusted, readiness is healthy and a launch runs.
        _engine.Start();
        deadline = DateTime.UtcNow.AddSeconds(30);
        while ((ready = await HealthAsync("/healthz/ready", HttpStatusCode.OK))["status"]!.GetValue<string>() != "Healthy")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not healthy 30 s after the engine came back: {ready}\n{_orchestrator.Tail()}");
            await Task.Delay(200); // a probe's interval
        }

        Assert.True(await _orchestrator.LogContainsAsync("The runtime answers again", TimeSpan.FromSeconds(5)), _orchestrator.Tail());
        var id = (await _analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await _analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{_orchestrator.Tail()}");
        (await _analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await _analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
    }

    private async Task<JsonObject> HealthAsync(string path, HttpStatusCode status)
    {
        using var http = new HttpClient { BaseAddress = _orchestrator.BaseAddress }; // anonymous, as a probe
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return JsonNode.Parse(body)!.AsObject();
    }
}
