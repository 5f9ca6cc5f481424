using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sandbox.Testing;

/// <summary>
/// A throw-away TLS certificate for a TLS-terminating proxy in tests: self-signed, ECDSA P-256, valid for a day, with the
/// given DNS names (wildcards such as <c>*.nb.localhost</c> included) in its subject alternative names, which is all
/// browsers read. Written as PEM files for nginx. Nothing trusts it: clients pin its public key instead.
/// </summary>
public sealed class SelfSignedTlsCertificate : IDisposable
{
    private SelfSignedTlsCertificate(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate, PEM.</summary>
    public string CertificatePath { get; }

    /// <summary>The private key, PEM (PKCS#8), readable by its owner only.</summary>
    public string KeyPath { get; }

    /// <summary>
    /// Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's
    /// <c>--ignore-certificate-errors-spki-list</c> takes, so the browser accepts this key and still refuses any other.
    /// </summary>
    public string SpkiSha256 => Convert.ToBase64String(SHA256.HashData(Certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>Whether <paramref name="presented"/> is this certificate (for an HttpClient's validation callback).</summary>
    public bool IsThis(X509Certificate? presented) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();

    public static SelfSignedTlsCertificate Create(string folder, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var certificatePath = Path.Combine(folder, "tls.crt");
        var keyPath = Path.Combine(folder, "tls.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new SelfSignedTlsCertificate(certificate, certificatePath, keyPath);
    }

    public void Dispose() => Certificate.Dispose();
}
