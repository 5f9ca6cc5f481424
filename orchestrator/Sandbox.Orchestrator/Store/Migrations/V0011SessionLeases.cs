using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 11 of the schema: one lease per live session, so one replica at a time reconciles it, and an epoch that
/// fences the writes of a replica that lost it. Hand-written and provider-neutral.
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261205000011_SessionLeases")]
internal sealed class V0011SessionLeases : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "session_leases",
            columns: table => new
            {
                SessionId = table.Column<string>(nullable: false),
                Holder = table.Column<string>(nullable: false),
                Epoch = table.Column<long>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_session_leases", x => x.SessionId));

        // Renewing, releasing and "what do I hold" all select by holder.
        migrationBuilder.CreateIndex("IX_session_leases_Holder", "session_leases", "Holder");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("session_leases");
}
