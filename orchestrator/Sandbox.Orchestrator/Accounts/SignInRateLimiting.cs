using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Replicas;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Limits sign-in attempts per client address, against password spraying across accounts: in this process, or, with
/// Redis configured, in Redis so that the limit is the same across replicas (<see cref="SharedSignInLimiter"/>).
/// </summary>
internal static class SignInRateLimiting
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignInOptions>().Bind(configuration.GetSection(SignInOptions.Section))
            .Validate(o => o.AttemptsPerAddressPerMinute > 0, "Sandbox:SignIn:AttemptsPerAddressPerMinute must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var services = context.RequestServices;
                var limit = services.GetRequiredService<IOptions<SignInOptions>>().Value.AttemptsPerAddressPerMinute;
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var redis = services.GetRequiredService<RedisConnection>();
                if (!redis.IsConfigured)
                {
                    return RateLimitPartition.GetFixedWindowLimiter(address, _ => LocalWindow(limit));
                }

                return RateLimitPartition.Get(address, key => new SharedSignInLimiter(
                    redis, key, limit, new FixedWindowRateLimiter(LocalWindow(limit)), services.GetRequiredService<TimeProvider>(),
                    services.GetRequiredService<ILoggerFactory>().CreateLogger<SharedSignInLimiter>()));
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await ApiProblem.Create(StatusCodes.Status429TooManyRequests, "auth.rate_limited", "Too many sign-in attempts from this address; try again in a minute.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions LocalWindow(int limit) =>
        new() { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
}
