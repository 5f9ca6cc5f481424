using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 5 of the schema: bilingual catalog metadata, withdrawal of dataset versions, and who may use a dataset.
/// Hand-written and provider-neutral.
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261122000005_DatasetCatalog")]
internal sealed class V0005DatasetCatalog : Migration
{
    private static readonly string[] NullableTextColumns = ["TitleKo", "DescriptionKo", "Source", "License", "TagsJson", "WithdrawnBy"];

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // 1. Metadata and withdrawal on each version; all nullable, so existing versions stay valid.
        foreach (var column in NullableTextColumns)
        {
            migrationBuilder.AddColumn<string>(name: column, table: "dataset_versions", nullable: true);
        }

        migrationBuilder.AddColumn<long>(name: "WithdrawnAt", table: "dataset_versions", nullable: true);

        // 2. Access per dataset name; a name without a row is open to everyone.
        migrationBuilder.CreateTable(
            name: "dataset_access",
            columns: table => new
            {
                Name = table.Column<string>(nullable: false),
                Access = table.Column<string>(nullable: false),
                MembersJson = table.Column<string>(nullable: false),
                ChangedBy = table.Column<string>(nullable: false),
                ChangedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_dataset_access", x => x.Name));
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("dataset_access");
        migrationBuilder.DropColumn("WithdrawnAt", "dataset_versions");
        foreach (var column in NullableTextColumns)
        {
            migrationBuilder.DropColumn(column, "dataset_versions");
        }
    }
}
