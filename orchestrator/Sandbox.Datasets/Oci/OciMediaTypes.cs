namespace Sandbox.Datasets.Oci;

/// <summary>The media types of the OCI image specification that data images use.</summary>
public static class OciMediaTypes
{
    public const string Index = "application/vnd.oci.image.index.v1+json";
    public const string Manifest = "application/vnd.oci.image.manifest.v1+json";
    public const string Config = "application/vnd.oci.image.config.v1+json";

    /// <summary>The one layer: a gzip-compressed tar.</summary>
    public const string LayerTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
}
