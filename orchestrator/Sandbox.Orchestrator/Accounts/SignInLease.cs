using System.Threading.RateLimiting;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>The answer of <see cref="SharedSignInLimiter"/>: let through, or refused until the window ends.</summary>
internal sealed class SignInLease : RateLimitLease
{
    private readonly TimeSpan? _retryAfter;

    private SignInLease(bool acquired, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        _retryAfter = retryAfter;
    }

    public static SignInLease Acquired { get; } = new(true, null);

    public static SignInLease Refused(TimeSpan? retryAfter) => new(false, retryAfter);

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = _retryAfter;
        return _retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
    }
}
