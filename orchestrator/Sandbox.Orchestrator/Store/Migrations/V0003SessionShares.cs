using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>Version 3 of the schema: sessions shared with mentors. Hand-written and provider-neutral.</summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261122000003_SessionShares")]
internal sealed class V0003SessionShares : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "session_shares",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<long>(nullable: false)),
                SessionId = table.Column<string>(nullable: false),
                MemberId = table.Column<string>(nullable: false),
                SharedBy = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                RevokedAt = table.Column<long>(nullable: true),
                ClosedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_session_shares", x => x.Id));
        migrationBuilder.CreateIndex("IX_session_shares_SessionId_MemberId", "session_shares", ["SessionId", "MemberId"]);
        migrationBuilder.CreateIndex("IX_session_shares_MemberId", "session_shares", "MemberId");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("session_shares");
}
