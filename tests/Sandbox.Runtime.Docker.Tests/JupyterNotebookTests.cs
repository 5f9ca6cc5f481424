using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Sandbox.Runtime.Docker.Tests;

/// <summary>
/// The real notebook image under the adapter's settings (read-only root, no capabilities, uid 1000): proves
/// Jupyter starts without a writable root. Needs <c>sandbox/python-notebook:1</c>, built by
/// <c>images/python/build-offline.sh</c>.
/// </summary>
[Collection(DockerEngineTests.Name)]
public sealed class JupyterNotebookTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    private const string PythonNotebookImage = "sandbox/python-notebook:1";

    [Fact]
    public async Task Jupyter_starts_under_the_sandbox_settings_and_answers_with_its_token()
    {
        Assert.True(
            await engine.Runtime.ImageExistsAsync(PythonNotebookImage, CancellationToken.None),
            $"{PythonNotebookImage} is missing: build it with images/python/build-offline.sh first.");
        var sessionId = engine.NewSessionId();
        var token = Guid.NewGuid().ToString("N");
        var spec = engine.Spec(
            sessionId,
            memberId: "m-jupyter",
            image: PythonNotebookImage,
            command:
            [
                "jupyter", "notebook", "--no-browser", "--ip=0.0.0.0", $"--port={DockerEngineFixture.NotebookPort}",
                $"--NotebookApp.base_url=/s/{sessionId}/", "--NotebookApp.allow_remote_access=True",
            ],
            environment: new Dictionary<string, string> { ["JUPYTER_TOKEN"] = token },
            limits: new ResourceLimits(Cpu: 1m, MemoryGiB: 1m, Pids: 256, Gpu: 0));

        var clock = Stopwatch.StartNew();
        var steps = new List<string>();
        var state = await engine.Runtime.StartAsync(
            spec, new SynchronousProgress<RuntimeProgress>(p => steps.Add($"{clock.ElapsedMilliseconds} ms: {p.Percent} {p.Message}")), CancellationToken.None);
        var started = clock.Elapsed;
        var observation = await engine.Runtime.ObserveAsync(sessionId, state, CancellationToken.None);
        Assert.Equal(RuntimePhase.Running, observation.Phase);
        steps.ForEach(output.WriteLine);
        var status = new Uri(observation.Endpoint!, $"/s/{sessionId}/api/status");

        var answer = await GetUntilAnsweredAsync(status, token);
        output.WriteLine($"container running after {started.TotalMilliseconds:F0} ms, Jupyter answered after {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(HttpStatusCode.OK, answer);

        // The token is what keeps others out: the contents API refuses a request without it (and without the
        // login cookie Jupyter set on the shared client's first answer).
        using var stranger = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        using var anonymous = await stranger.GetAsync(new Uri(observation.Endpoint!, $"/s/{sessionId}/api/contents"));
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        await engine.Runtime.StopAsync(sessionId, state, CancellationToken.None);
    }

    private async Task<HttpStatusCode> GetUntilAnsweredAsync(Uri url, string token)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("Authorization", $"token {token}");
                using var response = await engine.Http.SendAsync(request);
                return response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100); // retry interval until the notebook answers at all (any status) or the deadline
            }
        }
    }
}
