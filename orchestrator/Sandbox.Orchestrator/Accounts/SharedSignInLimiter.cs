using System.Globalization;
using System.Threading.RateLimiting;
using Sandbox.Orchestrator.Replicas;
using StackExchange.Redis;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// The sign-in limit of one client address, counted in Redis so that every replica shares it: a fixed window of one
/// minute, one counter per address and window (<c>INCRBY</c>, expiring after the window). Redis down: this replica
/// counts on its own (<paramref name="fallback"/>, the limit of a single replica), and says so in its log.
/// </summary>
internal sealed partial class SharedSignInLimiter(
    RedisConnection redis, string address, int limit, RateLimiter fallback, TimeProvider clock, ILogger logger) : RateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public override TimeSpan? IdleDuration => fallback.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => fallback.GetStatistics();

    // Not acquired without asking Redis: the rate limiting middleware then waits on AcquireAsync, which asks it.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => SignInLease.Refused(retryAfter: null);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var window = now.ToUnixTimeSeconds() / (long)Window.TotalSeconds;
        var key = redis.Key($"sign-in:{address}:{window.ToString(CultureInfo.InvariantCulture)}");
        try
        {
            var db = (await redis.ConnectAsync()).GetDatabase();
            var count = await db.StringIncrementAsync(key, permitCount);
            if (count == permitCount)
            {
                await db.KeyExpireAsync(key, Window + Window, ExpireWhen.HasNoExpiry, CommandFlags.FireAndForget);
            }

            if (count <= limit)
            {
                return SignInLease.Acquired;
            }

            var windowEnds = DateTimeOffset.FromUnixTimeSeconds((window + 1) * (long)Window.TotalSeconds);
            return SignInLease.Refused(windowEnds - now);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.Unshared(logger, e);
            return await fallback.AcquireAsync(permitCount, cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fallback.Dispose();
        }

        base.Dispose(disposing);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redis is unreachable: sign-in attempts are limited per replica until it is back")]
        public static partial void Unshared(ILogger logger, Exception exception);
    }
}
