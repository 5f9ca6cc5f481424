using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 10 of the schema: the installation's identity, one row, created at first start (not here: the id is random
/// and whether the installation adopts older unlabelled things depends on the sessions present then).
/// Hand-written and provider-neutral.
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261205000010_Installation")]
internal sealed class V0010Installation : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "installation",
            columns: table => new
            {
                Key = table.Column<string>(nullable: false),
                Id = table.Column<string>(nullable: false),
                AdoptsUnlabelled = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_installation", x => x.Key));

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("installation");
}
