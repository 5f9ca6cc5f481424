using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>A scenario and an instant strictly inside one of its usage records, where the record is cut in two.</summary>
internal sealed record SplitCase(BillingScenario Scenario, string RecordId, DateTimeOffset At)
{
    /// <summary>Whether <paramref name="scenario"/> (a shrunk one) still has the record, with the instant inside it.</summary>
    public bool CanSplit(BillingScenario scenario) =>
        scenario.Usage.Any(u => u.Id == RecordId && u.Start < At && At < u.End);

    /// <summary>The scenario with the record replaced by the part before the instant and the part from it on.</summary>
    public BillingScenario Split()
    {
        var record = Scenario.Usage.Single(u => u.Id == RecordId);
        UsageRecord[] halves = [record with { End = At }, record with { Id = record.Id + "-b", Start = At }];
        return Scenario with { Usage = [.. Scenario.Usage.Where(u => u.Id != RecordId), .. halves] };
    }

    public override string ToString() =>
        $"split {RecordId} at {InstantText.Format(At)} in {BillingScenarioJson.ToJsonString(Scenario)}";
}
