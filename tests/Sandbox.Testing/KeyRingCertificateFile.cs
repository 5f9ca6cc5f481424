using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sandbox.Testing;

/// <summary>The key ring's certificate for a test or benchmark of replicas on PostgreSQL: a fresh self-signed RSA certificate with its key, as a PKCS#12 file.</summary>
public static class KeyRingCertificateFile
{
    /// <summary>Writes it to <paramref name="path"/>, protected with <paramref name="password"/>.</summary>
    public static void Write(string path, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=sandbox key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }
}
