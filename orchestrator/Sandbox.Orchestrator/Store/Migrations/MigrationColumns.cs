using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>Column helpers shared by the hand-written migrations.</summary>
internal static class MigrationColumns
{
    /// <summary>An auto-numbered key. Each provider reads only its own annotation: SQLite's AUTOINCREMENT, PostgreSQL's identity column.</summary>
    public static OperationBuilder<AddColumnOperation> Identity(OperationBuilder<AddColumnOperation> column) => column
        .Annotation("Sqlite:Autoincrement", true)
        .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
