namespace Sandbox.Quotas;

/// <summary>
/// How errors name records. Usage records have ids; the other kinds have none, so they are named by their
/// position in the input (as a JSON path would) and the fields a person searches for.
/// </summary>
internal static class RecordNames
{
    public static string Usage(string id) => $"usage {id}";

    public static string UsageAt(int index) => $"usage[{index}]";

    public static string Membership(int index, string? memberId) =>
        memberId is null ? $"memberships[{index}]" : $"memberships[{index}] (member {memberId})";

    public static string RateCard(int index, string? tier) =>
        tier is null ? $"rateCards[{index}]" : $"rateCards[{index}] (tier {tier})";

    public static string Credit(int index, string? memberId) =>
        memberId is null ? $"credits[{index}]" : $"credits[{index}] (member {memberId})";

    public const string TimeZone = "timeZone";

    public const string Input = "input";
}
