using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>Reads the key ring's certificate at start, refusing to start with a message that says what to fix.</summary>
internal static class KeyRingCertificate
{
    /// <summary>
    /// The configured certificate, or null when none is configured and the store is SQLite (the key ring then stays in
    /// the data folder). Throws with a readable message when it is required but missing, unreadable or without a private key.
    /// </summary>
    public static X509Certificate2? Load(KeyRingOptions options, string storeProvider)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            if (storeProvider == "postgres")
            {
                throw new InvalidOperationException(
                    "Sandbox:KeyRing:CertificatePath is required when Sandbox:Store:Provider is 'postgres': the key ring that protects " +
                    "cookies, tokens and stored Jupyter tokens is kept in the store, encrypted with this certificate (a PKCS#12 file " +
                    "with its private key; Sandbox:KeyRing:CertificatePassword is its password).");
            }

            return null;
        }

        if (!File.Exists(options.CertificatePath))
        {
            throw new InvalidOperationException($"Sandbox:KeyRing:CertificatePath: there is no file {options.CertificatePath}.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"Sandbox:KeyRing:CertificatePath: {options.CertificatePath} could not be read as PKCS#12 with the configured password ({e.Message}).", e);
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException(
                $"Sandbox:KeyRing:CertificatePath: {options.CertificatePath} holds no RSA private key; the key ring needs one to encrypt and decrypt its keys.");
        }

        return certificate;
    }
}
