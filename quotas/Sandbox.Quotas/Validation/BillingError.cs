namespace Sandbox.Quotas;

/// <summary>One thing wrong with a billing input, naming the record it is about.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Record">The offending record as a person finds it in the input, e.g. <c>usage u-7</c> or <c>memberships[2] (member m-001)</c>.</param>
/// <param name="Message">What is wrong with it, e.g. <c>end is not after start</c>.</param>
public sealed record BillingError(BillingErrorKind Kind, string Record, string Message)
{
    /// <summary>The stable machine-readable code of <see cref="Kind"/>.</summary>
    public string Code => Kind.ToCode();

    /// <summary><c>record: message</c>, the line the command line prints.</summary>
    public override string ToString() => $"{Record}: {Message}";
}
