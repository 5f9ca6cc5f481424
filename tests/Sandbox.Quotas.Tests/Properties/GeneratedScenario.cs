using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// A generated scenario. It prints as the contract's input file, so the scenario FsCheck reports for a failure can
/// be saved and replayed with <c>./sandbox billing invoice --input FILE --month YYYY-MM</c>.
/// </summary>
internal sealed record GeneratedScenario(BillingScenario Scenario)
{
    public override string ToString() => BillingScenarioJson.ToJsonString(Scenario);
}
