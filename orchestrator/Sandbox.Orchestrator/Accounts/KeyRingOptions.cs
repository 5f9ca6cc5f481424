namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Where the data-protection key ring lives (<c>Sandbox:KeyRing</c>); it protects cookies, bearer tokens and the stored
/// Jupyter tokens. With a certificate configured the ring is kept in the store, every key's secret encrypted with the
/// certificate, so every replica shares it and losing one loses nothing. Without one it stays in the data folder as
/// before, which is only right for one process: with <c>Sandbox:Store:Provider=postgres</c> a certificate is required.
/// </summary>
internal sealed class KeyRingOptions
{
    public const string Section = "Sandbox:KeyRing";

    /// <summary>A PKCS#12 (.pfx/.p12) file holding the certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/> (empty when it has none).</summary>
    public string? CertificatePassword { get; set; }
}
