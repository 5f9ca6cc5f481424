namespace Sandbox.Orchestrator.Datasets;

/// <summary>The access modes of a dataset.</summary>
internal static class DatasetAccess
{
    /// <summary>Every signed-in member (the default).</summary>
    public const string Everyone = "everyone";

    /// <summary>Members whose tier is <c>member</c> at launch time.</summary>
    public const string Members = "members";

    /// <summary>Only the listed members.</summary>
    public const string Named = "named";

    public static bool IsKnown(string? access) => access is Everyone or Members or Named;
}
