namespace Sandbox.Datasets;

/// <summary>The archive kinds a dataset may be uploaded as, told apart by their first bytes.</summary>
public enum ArchiveFormat
{
    /// <summary>A tar stream compressed with gzip (<c>.tar.gz</c>, <c>.tgz</c>).</summary>
    TarGzip,

    /// <summary>A zip archive.</summary>
    Zip,
}
