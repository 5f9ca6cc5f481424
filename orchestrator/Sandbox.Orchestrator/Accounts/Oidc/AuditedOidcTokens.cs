using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>
/// Remembers which provider tokens have had their sign-in (or refusal) audited, so a token used for a thousand
/// requests is one audit entry, not a thousand. Tokens are remembered by their SHA-256, never as themselves, until they
/// expire. Each replica remembers on its own, so with several replicas a token may be audited once per replica.
/// </summary>
internal sealed class AuditedOidcTokens(TimeProvider clock)
{
    private const int MaxRemembered = 20_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    /// <summary>True the first time <paramref name="token"/> is seen with this <paramref name="outcome"/>; remembered until <paramref name="until"/>.</summary>
    public bool IsFirst(ReadOnlySpan<char> token, string outcome, DateTimeOffset until)
    {
        var now = clock.GetUtcNow();
        var key = KeyOf(token, outcome);
        if (_until.TryGetValue(key, out var remembered) && now < remembered)
        {
            return false;
        }

        if (_until.Count >= MaxRemembered)
        {
            Forget(now);
        }

        _until[key] = until > now ? until : now.AddMinutes(1);
        return true;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, until) in _until)
        {
            if (until <= now)
            {
                _until.TryRemove(key, out _);
            }
        }

        // Still full of live tokens: start over rather than grow; the cost is a repeated audit entry.
        if (_until.Count >= MaxRemembered)
        {
            _until.Clear();
        }
    }

    private static string KeyOf(ReadOnlySpan<char> token, string outcome)
    {
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
        var length = Encoding.UTF8.GetBytes(token, bytes);
        return $"{outcome}:{Convert.ToHexString(SHA256.HashData(bytes.AsSpan(0, length)))}";
    }
}
