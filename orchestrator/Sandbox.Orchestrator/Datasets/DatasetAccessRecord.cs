namespace Sandbox.Orchestrator.Datasets;

/// <summary>Who may use a dataset (all its versions). A dataset without a record is open to everyone.</summary>
internal sealed class DatasetAccessRecord
{
    /// <summary>Dataset name (the key).</summary>
    public string Name { get; set; } = "";

    /// <summary><see cref="DatasetAccess"/>.</summary>
    public string Access { get; set; } = DatasetAccess.Everyone;

    /// <summary>For <see cref="DatasetAccess.Named"/>: the member ids, as a JSON array.</summary>
    public string MembersJson { get; set; } = "[]";

    /// <summary>The admin who last changed it.</summary>
    public string ChangedBy { get; set; } = "";

    /// <summary>When it last changed.</summary>
    public DateTimeOffset ChangedAt { get; set; }
}
