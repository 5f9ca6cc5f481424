using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 9 of the schema: one-time hand-off codes that take a person from the portal to a notebook origin.
/// Hand-written and provider-neutral.
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261205000009_NotebookHandoffs")]
internal sealed class V0009NotebookHandoffs : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "notebook_handoffs",
            columns: table => new
            {
                CodeHash = table.Column<string>(nullable: false),
                SessionId = table.Column<string>(nullable: false),
                MemberId = table.Column<string>(nullable: false),
                SecurityStamp = table.Column<string>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_notebook_handoffs", x => x.CodeHash));
        migrationBuilder.CreateIndex("IX_notebook_handoffs_ExpiresAt", "notebook_handoffs", "ExpiresAt");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("notebook_handoffs");
}
