using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Culling;

namespace Sandbox.Orchestrator.Tests.Culling;

public sealed class JupyterActivityClientTests
{
    private static readonly Uri Address = new("http://10.0.0.7:8888");

    [Fact]
    public async Task Asks_status_and_kernels_under_the_sessions_base_url_with_its_token_without_counting_as_activity()
    {
        var notebook = new JupyterServer(HttpStatusCode.OK);
        var reading = await Client(notebook).ReadAsync(Address, "s-1", "secret", CancellationToken.None);

        Assert.Null(reading.Failure);
        Assert.Equal("busy", Assert.Single(reading.Activity!.Kernels).ExecutionState);
        Assert.Equal(
            ["http://10.0.0.7:8888/s/s-1/api/status", "http://10.0.0.7:8888/s/s-1/api/kernels?no_track_activity=1"],
            notebook.Requests.Select(r => r.Uri));
        Assert.All(notebook.Requests, r => Assert.Equal("token secret", r.Authorization));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "http_403")]
    [InlineData(HttpStatusCode.BadGateway, "http_502")]
    public async Task An_error_answer_is_a_failure_value(HttpStatusCode status, string failure)
    {
        var reading = await Client(new JupyterServer(status)).ReadAsync(Address, "s-1", "secret", CancellationToken.None);
        Assert.Equal((null, failure), (reading.Activity, reading.Failure));
    }

    [Fact]
    public async Task A_refused_connection_is_unreachable()
    {
        var reading = await Client(new RefusingNotebook()).ReadAsync(Address, "s-1", "secret", CancellationToken.None);
        Assert.Equal("unreachable", reading.Failure);
    }

    [Fact]
    public async Task A_notebook_that_does_not_answer_in_time_times_out()
    {
        var options = new CullingOptions { RequestTimeout = TimeSpan.FromMilliseconds(50) };
        var reading = await Client(new HangingNotebook(), options).ReadAsync(Address, "s-1", "secret", CancellationToken.None);
        Assert.Equal("timeout", reading.Failure);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_unreadable()
    {
        var reading = await Client(new JupyterServer(HttpStatusCode.OK, statusBody: "<html>login</html>")).ReadAsync(Address, "s-1", "secret", CancellationToken.None);
        Assert.Equal("unreadable", reading.Failure);
    }

    private static JupyterActivityClient Client(HttpMessageHandler handler, CullingOptions? options = null) =>
        new(new HttpClient(handler), new FixedOptions(options ?? new CullingOptions()));

    /// <summary>A Jupyter server answering every request with <paramref name="status"/> and Jupyter-shaped bodies; records requests.</summary>
    private sealed class JupyterServer(HttpStatusCode status, string? statusBody = null) : HttpMessageHandler
    {
        public List<(string Uri, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.ToString();
            Requests.Add((uri, request.Headers.Authorization?.ToString()));
            var body = uri.Contains("api/status", StringComparison.Ordinal)
                ? statusBody ?? """{"connections": 1, "kernels": 1, "last_activity": "2026-11-03T11:10:00.123456Z", "started": "2026-11-03T09:00:00Z"}"""
                : """[{"id": "k1", "name": "python3", "last_activity": "2026-11-03T10:00:00Z", "execution_state": "busy", "connections": 1}]""";
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    /// <summary>A notebook whose port refuses connections.</summary>
    private sealed class RefusingNotebook : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused");
    }

    /// <summary>A notebook that accepts the request and never answers.</summary>
    private sealed class HangingNotebook : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("Task.Delay(Infinite) returned");
        }
    }

    private sealed class FixedOptions(CullingOptions value) : IOptionsMonitor<CullingOptions>
    {
        public CullingOptions CurrentValue => value;

        public CullingOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CullingOptions, string?> listener) => null;
    }
}
