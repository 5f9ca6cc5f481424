using System.Security.Claims;
using Sandbox.Orchestrator.Accounts;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>Who is reading the catalog: entitlement is shown for them, access rules only to admins.</summary>
internal sealed record DatasetCaller(string MemberId, bool IsAdmin)
{
    public static DatasetCaller Of(ClaimsPrincipal user) => new(user.MemberId(), user.IsInRole(Roles.Admin));
}
