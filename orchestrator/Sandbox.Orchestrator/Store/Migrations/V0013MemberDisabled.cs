using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>Version 13 of the schema: when an admin disabled a member (null while enabled). Hand-written and provider-neutral.</summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261206000013_MemberDisabled")]
internal sealed class V0013MemberDisabled : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<long>(name: "DisabledAt", table: "AspNetUsers", nullable: true);

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "DisabledAt", table: "AspNetUsers");
}
