using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>Validates an access change before any member id is looked up.</summary>
internal static class DatasetAccessRules
{
    public const int MaxNamedMembers = 1000;

    /// <summary>The normalized access and distinct member ids, or null with <paramref name="errors"/> filled.</summary>
    public static DatasetAccessView? Validate(DatasetAccessRequest request, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (!DatasetAccess.IsKnown(request.Access))
        {
            errors.Add(new("access", "dataset.invalid_access",
                $"access must be '{DatasetAccess.Everyone}', '{DatasetAccess.Members}' or '{DatasetAccess.Named}'."));
        }

        var members = request.Members ?? [];
        if (request.Access != DatasetAccess.Named && members.Count > 0)
        {
            errors.Add(new("members", "dataset.invalid_access", $"members are only for access '{DatasetAccess.Named}'."));
        }
        else if (members.Count > MaxNamedMembers)
        {
            errors.Add(new("members", "dataset.invalid_access", $"At most {MaxNamedMembers} named members; there are {members.Count}."));
        }

        for (var i = 0; i < members.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(members[i]))
            {
                errors.Add(new($"members[{i}]", "dataset.invalid_access", "A member id is empty."));
            }
        }

        return errors.Count > before
            ? null
            : new DatasetAccessView(request.Access!, members.Select(m => m!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }
}
