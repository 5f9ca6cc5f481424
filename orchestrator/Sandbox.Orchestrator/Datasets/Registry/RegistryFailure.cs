namespace Sandbox.Orchestrator.Datasets.Registry;

/// <summary>Why a push to the registry failed: a stable reason (stored on the dataset version) and what happened.</summary>
internal sealed record RegistryFailure(string Reason, string Message)
{
    /// <summary>No connection, a timeout, or a 5xx answer.</summary>
    public const string Unavailable = "registry_unavailable";

    /// <summary>401 or 403: the credentials are wrong or may not push here.</summary>
    public const string Unauthorized = "registry_unauthorized";

    /// <summary>The registry lost a blob: its upload, or the blob between its upload and the manifest that names it.</summary>
    public const string BlobMissing = "registry_blob_missing";

    /// <summary>Any other refusal (the message carries the registry's error).</summary>
    public const string Refused = "registry_refused";
}
