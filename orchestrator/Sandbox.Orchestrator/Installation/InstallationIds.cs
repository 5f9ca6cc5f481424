using System.Security.Cryptography;

namespace Sandbox.Orchestrator.Installation;

/// <summary>
/// Installation ids: 10 lowercase base-32 characters (50 random bits). Short, because they go into every name Sandbox
/// gives what it makes in the runtime; random, because two installations that share a runtime never talk to each other
/// to agree on anything.
/// </summary>
internal static class InstallationIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new random id.</summary>
    public static string New()
    {
        var bytes = RandomNumberGenerator.GetBytes(10);
        return string.Create(10, bytes, (chars, b) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[b[i] & 31];
            }
        });
    }
}
