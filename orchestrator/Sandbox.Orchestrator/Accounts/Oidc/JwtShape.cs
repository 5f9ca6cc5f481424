namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>
/// Tells a JWT (signed, compact form) from Sandbox's own bearer tokens by its shape alone, without parsing it: three
/// non-empty base64url segments, the first a JSON header (so it starts with <c>eyJ</c>, the encoding of <c>{"</c>).
/// Sandbox's tokens are one data-protection blob with no dots, so they never have this shape.
/// </summary>
internal static class JwtShape
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Whether <paramref name="token"/> is shaped like a signed JWT.</summary>
    public static bool Matches(ReadOnlySpan<char> token)
    {
        if (!token.StartsWith("eyJ", StringComparison.Ordinal))
        {
            return false;
        }

        var segments = 0;
        var segmentLength = 0;
        foreach (var c in token)
        {
            if (c == '.')
            {
                if (segmentLength == 0 || ++segments == 3)
                {
                    return false;
                }

                segmentLength = 0;
            }
            else if (IsBase64Url(c))
            {
                segmentLength++;
            }
            else
            {
                return false;
            }
        }

        return segments == 2 && segmentLength > 0;
    }

    /// <summary>Whether the request's Authorization header carries a bearer token shaped like a JWT.</summary>
    public static bool IsBearerJwt(HttpRequest request) => Matches(BearerToken(request.Headers.Authorization.ToString()));

    /// <summary>The token of an <c>Authorization: Bearer ...</c> header value, or empty.</summary>
    public static ReadOnlySpan<char> BearerToken(string authorization) =>
        authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization.AsSpan(BearerPrefix.Length).Trim()
            : [];

    private static bool IsBase64Url(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}
