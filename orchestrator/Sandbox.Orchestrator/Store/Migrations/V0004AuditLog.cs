using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>Version 4 of the schema: the append-only audit log. Hand-written and provider-neutral.</summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261122000004_AuditLog")]
internal sealed class V0004AuditLog : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "audit_events",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<long>(nullable: false)),
                At = table.Column<long>(nullable: false),
                ActorId = table.Column<string>(nullable: true),
                Kind = table.Column<string>(nullable: false),
                Subject = table.Column<string>(nullable: true),
                Detail = table.Column<string>(nullable: false),
                Address = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_audit_events", x => x.Id));
        migrationBuilder.CreateIndex("IX_audit_events_At", "audit_events", "At");
        migrationBuilder.CreateIndex("IX_audit_events_ActorId_At", "audit_events", ["ActorId", "At"]);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("audit_events");
}
