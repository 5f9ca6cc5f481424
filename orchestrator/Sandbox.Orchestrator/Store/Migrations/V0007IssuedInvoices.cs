using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 7 of the schema: issued monthly invoices (every version kept, one per month and number) with per-member totals,
/// and the instant a withdrawn dataset version's image was removed. Hand-written and provider-neutral.
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261122000007_IssuedInvoices")]
internal sealed class V0007IssuedInvoices : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // 1. Issued versions; the unique (month, version) key is what lets only one of two racing issuers store a version.
        migrationBuilder.CreateTable(
            name: "issued_invoices",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<long>(nullable: false)),
                Month = table.Column<string>(nullable: false),
                Version = table.Column<int>(nullable: false),
                IssuedAt = table.Column<long>(nullable: false),
                IssuedBy = table.Column<string>(nullable: false),
                Json = table.Column<string>(nullable: false),
                Csv = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_issued_invoices", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_issued_invoices_Month_Version", table: "issued_invoices", columns: ["Month", "Version"], unique: true);

        // 2. Each member's totals per version.
        migrationBuilder.CreateTable(
            name: "issued_invoice_members",
            columns: table => new
            {
                Month = table.Column<string>(nullable: false),
                Version = table.Column<int>(nullable: false),
                MemberId = table.Column<string>(nullable: false),
                SubtotalKrw = table.Column<decimal>(nullable: false),
                CreditKrw = table.Column<decimal>(nullable: false),
                TotalKrw = table.Column<decimal>(nullable: false),
                IssuedAt = table.Column<long>(nullable: false),
                IssuedBy = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_issued_invoice_members", x => new { x.Month, x.Version, x.MemberId }));
        migrationBuilder.CreateIndex(name: "IX_issued_invoice_members_MemberId_Month", table: "issued_invoice_members", columns: ["MemberId", "Month"]);

        // 3. Withdrawn versions whose image the sweep removed stay in the catalog, marked.
        migrationBuilder.AddColumn<long>(name: "ImageRemovedAt", table: "dataset_versions", nullable: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("ImageRemovedAt", "dataset_versions");
        migrationBuilder.DropTable("issued_invoice_members");
        migrationBuilder.DropTable("issued_invoices");
    }
}
