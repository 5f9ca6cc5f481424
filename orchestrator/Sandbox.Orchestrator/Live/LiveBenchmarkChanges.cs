using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// The hub benchmark's load generator (<see cref="LiveBenchmarkOptions"/>): publishes session changes for the connected
/// members at a steady rate. Each change's message carries the moment it was published (Unix milliseconds, with
/// fractions), so clients on the same machine measure delivery latency with the same clock. Each member has one
/// session that keeps changing, as a real session does (state, progress): the fan-out's per-session audience cache sees
/// what it sees in production. (Until 2026-12-05 every change was a session never seen before, so every change read the
/// session's shares from the store: a load no installation produces, which measured the store's round trip instead.)
/// </summary>
internal sealed class LiveBenchmarkChanges(ILiveChangeFeed feed, LiveConnections connections, IOptions<LiveOptions> options, TimeProvider clock) : BackgroundService
{
    /// <summary>The prefix of a benchmark change's message; the rest is the publish time.</summary>
    public const string MessagePrefix = "benchmark ";

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var perSecond = options.Value.Benchmark.ChangesPerSecond;
        if (perSecond <= 0)
        {
            return;
        }

        // 1. Wait for clients, then publish what is due every tick: the rate holds even when a tick comes late.
        using var timer = new PeriodicTimer(Tick, clock);
        var members = Array.Empty<string>();
        var started = clock.GetTimestamp();
        var membersRead = started;
        long published = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // 2. Refresh who is connected once a second; start counting when someone is.
                if (members.Length == 0 || clock.GetElapsedTime(membersRead) > TimeSpan.FromSeconds(1))
                {
                    members = [.. connections.Members().Order(StringComparer.Ordinal)];
                    membersRead = clock.GetTimestamp();
                    if (members.Length == 0)
                    {
                        started = membersRead;
                        published = 0;
                        continue;
                    }
                }

                // 3. The changes due by now, each for the next member in turn.
                var due = (long)(clock.GetElapsedTime(started).TotalSeconds * perSecond);
                for (; published < due; published++)
                {
                    var member = (int)(published % members.Length);
                    feed.Publish(new SessionChanged(members[member], ViewFor(members[member], member, published)));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private SessionView ViewFor(string owner, int member, long sequence)
    {
        var now = clock.GetUtcNow();
        var at = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;
        return new SessionView($"bench{member:D5}", owner, "python", "small", "provisioning", null, (int)(sequence % 100),
            MessagePrefix + at.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), null, now, null, null, []);
    }
}
