using System.Text.Json;
using Sandbox.Orchestrator.Culling;

namespace Sandbox.Orchestrator.Tests.Culling;

public sealed class NotebookActivityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Activity_is_the_latest_of_the_server_and_its_kernels()
    {
        var activity = new NotebookActivity(Now.AddMinutes(-50), 0,
            [new KernelActivity("idle", Now.AddMinutes(-70)), new KernelActivity("idle", Now.AddMinutes(-20))]);
        Assert.Equal(Now.AddMinutes(-20), activity.LatestAt(Now));
    }

    [Fact]
    public void A_busy_kernel_is_activity_now_however_long_it_has_been_quiet()
    {
        var activity = new NotebookActivity(Now.AddHours(-3), 0,
            [new KernelActivity("idle", Now.AddHours(-4)), new KernelActivity("busy", Now.AddHours(-3))]);
        Assert.Equal(Now, activity.LatestAt(Now));
    }

    [Fact]
    public void Open_connections_alone_are_not_activity()
    {
        var activity = new NotebookActivity(Now.AddHours(-2), Connections: 3, [new KernelActivity("idle", Now.AddHours(-2))]);
        Assert.Equal(Now.AddHours(-2), activity.LatestAt(Now));
    }

    [Fact]
    public void Jupyters_answers_are_read_with_their_microsecond_utc_instants()
    {
        using var status = JsonDocument.Parse("""{"connections": 1, "kernels": 2, "last_activity": "2026-11-03T11:10:00.123456Z", "started": "2026-11-03T09:00:00.000001Z"}""");
        using var kernels = JsonDocument.Parse("""
            [{"id": "k1", "name": "python3", "last_activity": "2026-11-03T11:40:00.5Z", "execution_state": "idle", "connections": 1},
             {"id": "k2", "name": "python3", "last_activity": "2026-11-03T10:00:00Z", "execution_state": "busy", "connections": 0}]
            """);

        var activity = JupyterActivityClient.Parse(status.RootElement, kernels.RootElement);

        Assert.NotNull(activity);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 11, 10, 0, TimeSpan.Zero).AddTicks(1_234_560), activity.LastActivity);
        Assert.Equal(1, activity.Connections);
        Assert.Equal(["idle", "busy"], activity.Kernels.Select(k => k.ExecutionState));
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 11, 40, 0, 500, TimeSpan.Zero), activity.Kernels[0].LastActivity);
    }

    [Theory]
    [InlineData("""{"connections": 0}""", "[]")]
    [InlineData("""{"last_activity": "yesterday"}""", "[]")]
    [InlineData("""{"last_activity": "2026-11-03T11:10:00Z"}""", """{"kernels": []}""")]
    [InlineData("""{"last_activity": "2026-11-03T11:10:00Z"}""", """[{"id": "k1", "last_activity": "2026-11-03T11:10:00Z"}]""")]
    public void Answers_that_are_not_jupyters_are_unreadable(string status, string kernels)
    {
        using var s = JsonDocument.Parse(status);
        using var k = JsonDocument.Parse(kernels);
        Assert.Null(JupyterActivityClient.Parse(s.RootElement, k.RootElement));
    }
}
