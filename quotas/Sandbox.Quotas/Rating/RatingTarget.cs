namespace Sandbox.Quotas;

/// <summary>Where the validating walk adds the fragments of the month being rated: [MonthStart, MonthEnd) in Unix milliseconds.</summary>
internal sealed record RatingTarget(LineSums Sums, long MonthStart, long MonthEnd);
