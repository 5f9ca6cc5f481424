using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Telemetry;

/// <summary>
/// The real orchestrator's metrics as Prometheus scrapes them (OpenTelemetry's exporter), after a real launch on the real
/// engine and a request through the notebook proxy; who may scrape them; the trace id on problems; traces and metrics
/// over OTLP to a collector; JSON logs.
/// </summary>
public sealed partial class MetricsTests
{
    private static readonly TimeSpan Census = TimeSpan.FromSeconds(40); // counted every 15 s, plus a loaded machine's slack

    [Fact]
    public async Task A_launch_shows_in_the_scraped_metrics_which_only_admins_may_read_and_problems_carry_a_trace_id()
    {
        await using var orchestrator = new OrchestratorProcess();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync("metrics");
        using var _ = analyst;

        // 1. Only admins read /metrics on the main port.
        using (var anonymous = new HttpClient { BaseAddress = orchestrator.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.Http.GetAsync("/metrics")).StatusCode);

        // 2. A launch, and the notebook reached through the proxy.
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(150), "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");
        Assert.Equal(HttpStatusCode.OK, (await analyst.Http.GetAsync($"/s/{id}/api/status")).StatusCode);

        // 3. The scrape shows them: the launch by profile, size and outcome; the runtime's calls; the reconcile passes;
        //    the proxied request and its bytes; and, once counted, the running session by state, profile, size and tier.
        var deadline = DateTime.UtcNow + Census;
        string metrics;
        while (!(metrics = await ScrapeAsync(admin.Http)).Contains("sandbox_sessions{", StringComparison.Ordinal)
               || Sample(metrics, "sandbox_sessions", ("state", "running")) is not 1)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No running session counted within {Census}:\n{metrics}");
            await Task.Delay(500); // the census counts every 15 s: poll the scrape until it has
        }

        Assert.Equal(1, Sample(metrics, "sandbox_session_launch_duration_seconds_count", ("outcome", "running"), ("profile", "python"), ("size", "small")));
        Assert.True(Sample(metrics, "sandbox_session_launch_duration_seconds_sum", ("outcome", "running")) > 0);
        Assert.Equal(1, Sample(metrics, "sandbox_runtime_call_duration_seconds_count", ("operation", "start"), ("outcome", "ok")));
        Assert.True(Sample(metrics, "sandbox_reconcile_pass_duration_seconds_count", ("outcome", "again")) >= 1);
        Assert.True(Sample(metrics, "sandbox_proxy_requests_total", ("kind", "http"), ("outcome", "forwarded")) >= 1);
        Assert.True(Sample(metrics, "sandbox_proxy_bytes_total", ("direction", "from_notebook")) > 0);
        Assert.Equal(1, Sample(metrics, "sandbox_sessions", ("state", "running"), ("profile", "python"), ("size", "small"), ("tier", "member")));
        Assert.NotNull(Sample(metrics, "sandbox_reconcile_queue_depth"));
        Assert.True(Sample(metrics, "sandbox_hub_delivery_lag_seconds_count", ("kind", "session")) >= 3); // created, provisioning, running
        Assert.NotNull(Sample(metrics, "sandbox_billing_month_to_date_KRW", ("kind", "total")));
        Assert.Contains("http_server_request_duration_seconds_count", metrics, StringComparison.Ordinal); // ASP.NET Core's own
        Assert.Contains("dotnet_gc_collections_total", metrics, StringComparison.Ordinal); // the runtime's

        // 4. The Grafana dashboard queries only metrics that exist: every name it uses is in this scrape, but for those
        //    only an event this test does not cause records (a refusal, a dataset build, a WebSocket, a hub connection).
        var notCausedHere = new[]
        {
            "sandbox_admission_refusals_total", "sandbox_dataset_build_duration_seconds_bucket", "sandbox_proxy_websockets_open",
            "signalr_server_active_connections", "sandbox_scheduled_work_runs_total",
        };
        var dashboard = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "sandbox-orchestrator.json"));
        var queried = MetricName().Matches(dashboard).Select(m => m.Value).Distinct().ToList();
        Assert.Contains("sandbox_sessions", queried);
        Assert.All(queried.Except(notCausedHere), name =>
            Assert.True(metrics.Contains(name + "{", StringComparison.Ordinal) || metrics.Contains(name + " ", StringComparison.Ordinal), $"The dashboard queries {name}, which the scrape does not have."));

        // 5. A problem carries the request's trace id.
        using var missing = await analyst.Http.GetAsync("/api/v1/sessions/no-such-session");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var traceId = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrEmpty(traceId));

        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_are_served_there_to_anyone_and_nowhere_else_and_logs_can_be_json()
    {
        var port = OrchestratorProcess.FreePort();
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Telemetry__MetricsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sandbox__Telemetry__MetricsBind"] = "127.0.0.1",
            ["Sandbox__Telemetry__LogFormat"] = "json",
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        using var metricsPort = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var scraped = await metricsPort.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await metricsPort.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await metricsPort.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/v1/me")).StatusCode);

        // Every line of the log is a JSON object with a category and a message.
        var lines = (await File.ReadAllLinesAsync(orchestrator.LogPath)).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            using var entry = JsonDocument.Parse(line);
            Assert.False(string.IsNullOrEmpty(entry.RootElement.GetProperty("Category").GetString()), line);
            Assert.True(entry.RootElement.TryGetProperty("Message", out _), line);
        });
    }

    [Fact]
    public async Task With_a_collector_configured_the_trace_of_a_request_and_the_metrics_are_sent_to_it_over_otlp()
    {
        using var collector = new OtlpHttpCollector();
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Telemetry__OtlpEndpoint"] = $"http://127.0.0.1:{collector.Port}",
            ["Sandbox__Telemetry__OtlpProtocol"] = "http/protobuf",
            // The SDK's own settings: export every half second instead of every 5 s (traces) and 60 s (metrics).
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

        // A request that fails: its problem names the trace; that trace (its 16 bytes) reaches the collector.
        using var missing = await admin.Http.GetAsync("/api/v1/sessions/no-such-session");
        var traceId = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("traceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var traceBytes = Convert.FromHexString(traceId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!collector.Received.Any(r => r.Path == "/v1/traces" && r.Body.AsSpan().IndexOf(traceBytes) >= 0)
               || !collector.Received.Any(r => r.Path == "/v1/metrics" && r.Body.AsSpan().IndexOf("sandbox.reconcile.queue.depth"u8) >= 0))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"Within 30 s the collector got {string.Join(", ", collector.Received.Select(r => $"{r.Path} ({r.Body.Length} B)"))}, not the request's trace and the metrics.\n{orchestrator.Tail()}");
            await Task.Delay(100); // exports come every half second: poll what the collector received
        }

        var trace = collector.Received.First(r => r.Path == "/v1/traces" && r.Body.AsSpan().IndexOf(traceBytes) >= 0).Body;
        Assert.True(trace.AsSpan().IndexOf("sandbox-orchestrator"u8) >= 0, "The trace does not name the service.");
    }

    private static async Task<string> ScrapeAsync(HttpClient admin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples whose labels include all of <paramref name="labels"/>; null when there is none.</summary>
    private static double? Sample(string exposition, string name, params (string Key, string Value)[] labels)
    {
        double? sum = null;
        foreach (Match m in SampleLine().Matches(exposition))
        {
            if (m.Groups["name"].Value != name)
            {
                continue;
            }

            var found = LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            if (labels.All(l => found.GetValueOrDefault(l.Key) == l.Value))
            {
                sum = (sum ?? 0) + double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN|\+Inf|-Inf)( \d+)?$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    /// <summary>A metric in a PromQL expression: followed by its selector, range or closing bracket; not a label after <c>by (</c> or in a legend.</summary>
    [GeneratedRegex(@"(?<!by \(|\{\{)\b(?:sandbox|http|dotnet|signalr)_[a-zA-Z_]+\b(?=[\[{)])")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
