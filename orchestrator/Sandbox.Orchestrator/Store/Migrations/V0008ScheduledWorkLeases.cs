using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 8 of the schema: one lease row per piece of scheduled work, so each period's pass runs on one replica.
/// Hand-written and provider-neutral. (Versions 6 and 7 belong to stop reasons and issued invoices.)
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261122000008_ScheduledWorkLeases")]
internal sealed class V0008ScheduledWorkLeases : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "scheduled_work_leases",
            columns: table => new
            {
                Name = table.Column<string>(nullable: false),
                Holder = table.Column<string>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_scheduled_work_leases", x => x.Name));

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("scheduled_work_leases");
}
