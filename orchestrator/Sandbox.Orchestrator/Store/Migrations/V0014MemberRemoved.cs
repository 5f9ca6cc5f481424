using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 14 of the schema: when an admin removed a member (personal data erased then; null while a member) and when
/// the removed member's home was deleted (after the grace period). Hand-written and provider-neutral.
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261206000014_MemberRemoved")]
internal sealed class V0014MemberRemoved : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "RemovedAt", table: "AspNetUsers", nullable: true);
        migrationBuilder.AddColumn<long>(name: "HomeRemovedAt", table: "AspNetUsers", nullable: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "HomeRemovedAt", table: "AspNetUsers");
        migrationBuilder.DropColumn(name: "RemovedAt", table: "AspNetUsers");
    }
}
