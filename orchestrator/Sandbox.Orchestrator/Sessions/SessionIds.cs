using System.Security.Cryptography;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>Session ids: 16 lowercase base-32 characters (80 random bits), safe in URLs and in the names runtimes give.</summary>
internal static class SessionIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new random id.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(16, bytes.ToArray(), (chars, b) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[b[i] & 31];
            }
        });
    }

    /// <summary>Whether a string could be a session id (cheap check before any lookup).</summary>
    public static bool IsWellFormed(string? id) => id is { Length: 16 } && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
