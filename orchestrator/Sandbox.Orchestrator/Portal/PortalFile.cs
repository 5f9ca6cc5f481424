namespace Sandbox.Orchestrator.Portal;

/// <summary>One file to send: where it is on disk, what it is, and how it is encoded (null: as is).</summary>
internal sealed record PortalFile(string PhysicalPath, string ContentType, string? ContentEncoding, long Length, DateTimeOffset LastModified)
{
    /// <summary>Strong validator for conditional requests: the variant's size and modification time.</summary>
    public string ETag => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"\"{Length:x}-{LastModified.UtcTicks:x}{(ContentEncoding is null ? "" : "-" + ContentEncoding)}\"");
}
