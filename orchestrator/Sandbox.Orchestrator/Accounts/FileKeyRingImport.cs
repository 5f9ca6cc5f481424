using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// The upgrade of an installation whose key ring was in its data folder: once, when the store holds no key yet, every
/// key file is copied into the store with its secret encrypted by the certificate, so nobody is signed out by the
/// upgrade and the stored Jupyter tokens still decrypt. Runs at start, after the store's migrations and before
/// anything uses the key ring. Replicas that start together may both import: the second finds the keys there.
/// </summary>
internal sealed partial class FileKeyRingImport(
    IServiceScopeFactory scopes, X509Certificate2 certificate, string keysFolder, ILoggerFactory loggers) : IHostedService
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var files = Directory.Exists(keysFolder) ? Directory.GetFiles(keysFolder, "key-*.xml") : [];
        if (files.Length == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        if (await db.DataProtectionKeys.AnyAsync(cancellationToken))
        {
            return;
        }

        var encryptor = new CertificateXmlEncryptor(certificate, loggers);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var key = XElement.Load(file);
            EncryptSecrets(key, encryptor);
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = key.ToString(SaveOptions.DisableFormatting) });
        }

        await db.SaveChangesAsync(cancellationToken);
        Log.Imported(loggers.CreateLogger<FileKeyRingImport>(), files.Length, keysFolder);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Replaces every element marked <c>requiresEncryption</c> by its encrypted form, as the key ring writes it.</summary>
    private static void EncryptSecrets(XElement key, CertificateXmlEncryptor encryptor)
    {
        var secrets = key.Descendants().Where(e => (bool?)e.Attribute(DataProtection + "requiresEncryption") == true).ToList();
        foreach (var secret in secrets)
        {
            var encrypted = encryptor.Encrypt(new XElement(secret));
            secret.ReplaceWith(new XElement(DataProtection + "encryptedSecret",
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!),
                encrypted.EncryptedElement));
        }

        key.DescendantNodes().OfType<XComment>().Remove(); // the "unencrypted form" warning no longer holds
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Imported {Count} data-protection keys from {Folder} into the store, encrypted; the folder is no longer read")]
        public static partial void Imported(ILogger logger, int count, string folder);
    }
}
