namespace Sandbox.Datasets.Oci;

/// <summary>An OCI content descriptor: what a blob is, its digest (<c>sha256:</c> and lowercase hex) and its length in bytes.</summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size)
{
    /// <summary>The blob's path inside an OCI image layout, '/'-separated: <c>blobs/sha256/&lt;hex&gt;</c>.</summary>
    public string LayoutPath => "blobs/" + Digest.Replace(':', '/');
}
