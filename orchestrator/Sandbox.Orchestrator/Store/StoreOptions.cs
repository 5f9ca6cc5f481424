using System.ComponentModel.DataAnnotations;

namespace Sandbox.Orchestrator.Store;

/// <summary>Where sessions, members and the catalog are stored (section <c>Sandbox:Store</c>).</summary>
internal sealed class StoreOptions
{
    /// <summary>The embedded store's file in the data folder (when no connection string says otherwise).</summary>
    public const string SqliteFile = "sandbox.db";

    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Store";

    /// <summary>
    /// <c>sqlite</c> (default: an embedded file <c>sandbox.db</c> in the data folder, one orchestrator) or
    /// <c>postgres</c> (several replicas; needs <see cref="ConnectionString"/>).
    /// </summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Sandbox:Store:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Connection string. Default for sqlite: <c>Data Source={DataDir}/sandbox.db</c>; required for postgres.</summary>
    public string? ConnectionString { get; set; }
}
