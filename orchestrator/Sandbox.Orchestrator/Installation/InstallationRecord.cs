namespace Sandbox.Orchestrator.Installation;

/// <summary>This installation's identity (table <c>installation</c>, one row whose key is <see cref="TheKey"/>).</summary>
internal sealed class InstallationRecord
{
    /// <summary>The only key the table ever holds: a second replica's insert of it fails instead of making a second identity.</summary>
    public const string TheKey = "this";

    /// <summary>Always <see cref="TheKey"/>.</summary>
    public required string Key { get; set; }

    /// <summary>The installation id written on everything the runtime creates.</summary>
    public required string Id { get; set; }

    /// <summary>Whether this installation existed before installation ids did, and so owns unlabelled things (see <c>InstallationIdentity</c>).</summary>
    public bool AdoptsUnlabelled { get; set; }

    /// <summary>When the id was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
