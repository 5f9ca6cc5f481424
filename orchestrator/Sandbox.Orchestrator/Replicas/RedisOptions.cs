using System.ComponentModel.DataAnnotations;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// Redis, for what crosses replicas fast (<c>Sandbox:Redis</c>). Unset, everything stays in this process (one replica).
/// </summary>
internal sealed class RedisOptions
{
    public const string Section = "Sandbox:Redis";

    /// <summary>A StackExchange.Redis configuration string, for example <c>redis:6379,password=…</c>; unset means no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every channel and key this installation uses, so several installations can share one Redis.</summary>
    [RegularExpression("^[a-z0-9][a-z0-9._-]{0,63}$", ErrorMessage = "Sandbox:Redis:Prefix must be 1-64 lowercase letters, digits, '.', '_' or '-'.")]
    public string Prefix { get; set; } = "sandbox";

    /// <summary>
    /// How often every replica re-checks open connections against the store (shares, security stamps) and how long
    /// cached access decisions live: the longest a lost Redis message can leave access open. At most 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30", ErrorMessage = "Sandbox:Redis:RecheckInterval must be between 1 and 30 seconds.")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether Redis is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}
