using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sandbox.IntegrationTests.Oidc;

/// <summary>
/// An OpenID Connect provider on a loopback port, for as long as a test class needs one: it serves a discovery
/// document and a JWKS with its RSA key, and mints RS256-signed JWTs. The signing is done here with
/// System.Security.Cryptography, not with the library the orchestrator validates with, so the test does not trust
/// the code under test to produce what it checks. <see cref="MintWithForeignKey"/> signs with a key it never publishes.
/// </summary>
internal sealed class LocalOpenIdIssuer : IAsyncDisposable
{
    private const string KeyId = "local-issuer-key-1";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _foreignKey = RSA.Create(2048);
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public LocalOpenIdIssuer()
    {
        var port = FreePort();
        Issuer = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        _listener.Prefixes.Add($"{Issuer}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The issuer URL, also the authority the orchestrator is configured with.</summary>
    public string Issuer { get; }

    /// <summary>A token signed with the published key.</summary>
    public string Mint(string audience, string email, IReadOnlyList<string> roles, DateTimeOffset? expires = null) =>
        Sign(_key, Payload(audience, email, roles, expires ?? DateTimeOffset.UtcNow.AddMinutes(30)));

    /// <summary>A token with the right issuer, audience and key id, signed by a key the issuer never published.</summary>
    public string MintWithForeignKey(string audience, string email, IReadOnlyList<string> roles) =>
        Sign(_foreignKey, Payload(audience, email, roles, DateTimeOffset.UtcNow.AddMinutes(30)));

    private Dictionary<string, object> Payload(string audience, string email, IReadOnlyList<string> roles, DateTimeOffset expires)
    {
        var issuedAt = expires < DateTimeOffset.UtcNow ? expires.AddMinutes(-30) : DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = $"subject-{email}",
            ["aud"] = audience,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["email"] = email,
            ["email_verified"] = true,
            ["roles"] = roles,
        };
    }

    private static string Sign(RSA key, Dictionary<string, object> payload)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = KeyId }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{body}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{body}.{Base64Url(signature)}";
    }

    private Task ServeAsync() => Infrastructure.HttpListenerLoop.ServeAsync(_listener, AnswerAsync);

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url?.AbsolutePath;
        object? document = path switch
        {
            "/.well-known/openid-configuration" => new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = $"{Issuer}/jwks",
                ["authorization_endpoint"] = $"{Issuer}/authorize",
                ["token_endpoint"] = $"{Issuer}/token",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            },
            "/jwks" => KeySet(),
            _ => null,
        };
        await RespondAsync(context.Response, document);
    }

    private object KeySet()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = KeyId,
                    ["n"] = Base64Url(parameters.Modulus!),
                    ["e"] = Base64Url(parameters.Exponent!),
                },
            },
        };
    }

    private static async Task RespondAsync(HttpListenerResponse response, object? document)
    {
        using (response)
        {
            response.StatusCode = document is null ? 404 : 200;
            if (document is not null)
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(document);
                response.ContentType = "application/json";
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body);
            }
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        _key.Dispose();
        _foreignKey.Dispose();
    }
}
