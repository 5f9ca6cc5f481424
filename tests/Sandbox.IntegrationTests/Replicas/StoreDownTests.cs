using System.Net;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// A store that goes down is the service's trouble, not the client's mistake: 503 with a reason, never 500; readiness says
/// the replica cannot serve (503 Unhealthy, naming the store) while liveness does not ask for a restart.
/// </summary>
public sealed class StoreDownTests
{
    [Fact]
    public async Task With_its_postgresql_down_the_orchestrator_answers_503_store_unavailable_with_retry_after()
    {
        await using var replicas = await OrchestratorReplicas.CreateAsync(1);
        var orchestrator = replicas.All[0];
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/v1/sessions")).StatusCode);
        using var probe = new HttpClient { BaseAddress = orchestrator.BaseAddress }; // anonymous, as Kubernetes' probes
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/healthz/ready")).StatusCode);

        await replicas.StopStoreServerAsync();

        using (var ready = await probe.GetAsync("/healthz/ready"))
        {
            var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)ready.StatusCode}: {health}");
            Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/healthz/live")).StatusCode);

        using var response = await admin.Http.GetAsync("/api/v1/sessions");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}\n{orchestrator.Tail(30)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("store.unavailable", JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
