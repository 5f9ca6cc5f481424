namespace Sandbox.Runtime;

/// <summary>
/// Which installation of Sandbox a runtime works for. Everything an adapter creates carries <see cref="Id"/> in its
/// labels (and, for installations created since ids exist, in its names), and an adapter lists, adopts and removes
/// only what carries its own id: two installations on one engine or cluster never touch each other's things.
/// </summary>
/// <param name="Id">Lowercase letters and digits, created once per installation and kept in its store.</param>
/// <param name="AdoptsUnlabelled">
/// True only for an installation that existed before installation ids did (its store already held sessions when the id
/// was created): what it made back then carries no installation label and keeps its old names, so it also treats
/// things without an installation label as its own, and keeps naming new things the old way (its members' homes stay
/// where they are). A fresh installation never touches unlabelled things.
/// </param>
public sealed record InstallationIdentity(string Id, bool AdoptsUnlabelled)
{
    /// <summary>Whether <paramref name="id"/> is shaped like an installation id: 4 to 32 lowercase letters and digits.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: >= 4 and <= 32 } && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9');
}
