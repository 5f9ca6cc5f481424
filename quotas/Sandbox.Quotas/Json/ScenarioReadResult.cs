namespace Sandbox.Quotas;

/// <summary>
/// What reading a scenario file gave: the records that could be read, and an error for each that could not.
/// <see cref="Scenario"/> is null only when the file is not JSON of the contract's shape at all.
/// </summary>
public sealed record ScenarioReadResult(BillingScenario? Scenario, IReadOnlyList<BillingError> Errors)
{
    public bool IsComplete => Scenario is not null && Errors.Count == 0;
}
