namespace Sandbox.Runtime.Docker.Tests;

/// <summary>Following a sandbox's output on the real engine: the signal that wakes readiness probes.</summary>
[Collection(DockerEngineTests.Name)]
public sealed class DockerSessionRuntimeOutputTests(DockerEngineFixture engine)
{
    [Fact]
    public async Task Output_is_yielded_as_it_is_written_and_the_follow_ends_when_the_sandbox_exits()
    {
        // Writes once at start, once more after a pause, then exits.
        var spec = engine.Spec(engine.NewSessionId(), command: ["/bin/busybox", "sh", "-c", "echo first; sleep 1; echo second-line; sleep 1"]);
        await engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var chunks = new List<(int Bytes, DateTime At)>();
        await foreach (var bytes in engine.Runtime.FollowOutputAsync(spec.SessionId, timeout.Token))
        {
            chunks.Add((bytes, DateTime.UtcNow));
        }

        // Each chunk is a line's bytes (the engine's frame headers are taken off by the client); the two lines arrive about a second apart.
        Assert.Equal("first\n".Length + "second-line\n".Length, chunks.Sum(c => c.Bytes));
        Assert.True(chunks.Count >= 2, $"expected the two lines as separate chunks, got {chunks.Count}");
        Assert.InRange(chunks[^1].At - chunks[0].At, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
        Assert.False(timeout.IsCancellationRequested, "the follow should end when the sandbox exits, not on the timeout");
    }

    [Fact]
    public async Task Following_a_session_without_a_sandbox_yields_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var chunks = 0;
        await foreach (var _ in engine.Runtime.FollowOutputAsync(engine.NewSessionId(), timeout.Token))
        {
            chunks++;
        }

        Assert.Equal(0, chunks);
    }
}
