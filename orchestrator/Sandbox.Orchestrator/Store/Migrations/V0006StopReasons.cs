using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 6 of the schema: why the system asked a session to stop (idle, max age, budget), and the warnings sent before
/// such stops, remembered so each is sent once. Hand-written and provider-neutral.
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261122000006_StopReasons")]
internal sealed class V0006StopReasons : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // 1. Desired state: the system's reason for a stop; null for stops owners ask for (and every earlier session).
        migrationBuilder.AddColumn<string>(name: "StopReason", table: "sessions", nullable: true);

        // 2. Idle and max-age warnings: the last one per session and kind.
        migrationBuilder.CreateTable(
            name: "session_warnings",
            columns: table => new
            {
                SessionId = table.Column<string>(nullable: false),
                Kind = table.Column<string>(nullable: false),
                WarnedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_session_warnings", x => new { x.SessionId, x.Kind }));

        // 3. Budget warnings: one per member and billing month; the key makes a second one impossible.
        migrationBuilder.CreateTable(
            name: "budget_warnings",
            columns: table => new
            {
                MemberId = table.Column<string>(nullable: false),
                Month = table.Column<string>(nullable: false),
                WarnedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_budget_warnings", x => new { x.MemberId, x.Month }));
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("budget_warnings");
        migrationBuilder.DropTable("session_warnings");
        migrationBuilder.DropColumn("StopReason", "sessions");
    }
}
