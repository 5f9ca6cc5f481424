using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>Version 2 of the schema: versioned rate cards and monthly credits. Hand-written and provider-neutral, like version 1.</summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261122000002_Billing")]
internal sealed class V0002Billing : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "rate_cards",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<long>(nullable: false)),
                Tier = table.Column<string>(nullable: false),
                EffectiveFrom = table.Column<long>(nullable: false),
                EffectiveFromText = table.Column<string>(nullable: false),
                CpuKrwPerHour = table.Column<decimal>(nullable: false),
                MemoryGiBKrwPerHour = table.Column<decimal>(nullable: false),
                GpuKrwPerHour = table.Column<decimal>(nullable: false),
                CreatedBy = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_rate_cards", x => x.Id));
        migrationBuilder.CreateIndex("IX_rate_cards_Tier_EffectiveFrom", "rate_cards", ["Tier", "EffectiveFrom"], unique: true);

        migrationBuilder.CreateTable(
            name: "credits",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<long>(nullable: false)),
                MemberId = table.Column<string>(nullable: false),
                Month = table.Column<string>(nullable: false),
                Krw = table.Column<decimal>(nullable: false),
                Reason = table.Column<string>(nullable: false),
                CreatedBy = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_credits", x => x.Id));
        migrationBuilder.CreateIndex("IX_credits_Month", "credits", "Month");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("credits");
        migrationBuilder.DropTable("rate_cards");
    }
}
