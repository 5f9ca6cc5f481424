using System.Text.Json;
using Sandbox.Orchestrator.Accounts;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>Whether a member may use a dataset: a pure rule over the dataset's access and the member's tier at that moment.</summary>
internal static class DatasetEntitlement
{
    /// <param name="access">The dataset's access record; null means open to everyone.</param>
    /// <param name="memberId">The member asking.</param>
    /// <param name="tierNow">The member's tier at the moment of asking (null when they have none).</param>
    public static bool Allows(DatasetAccessRecord? access, string memberId, string? tierNow) => access?.Access switch
    {
        null or DatasetAccess.Everyone => true,
        DatasetAccess.Members => tierNow == Tiers.Member,
        DatasetAccess.Named => MembersOf(access).Contains(memberId, StringComparer.Ordinal),

        // An access mode this build does not know opens nothing.
        _ => false,
    };

    public static IReadOnlyList<string> MembersOf(DatasetAccessRecord access) =>
        JsonSerializer.Deserialize<List<string>>(access.MembersJson) ?? [];
}
