using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Store.Migrations;

/// <summary>
/// Version 1 of the schema: accounts (ASP.NET Core Identity), tier history, sessions, dataset versions.
/// Written by hand and provider-neutral: column types come from the CLR types, and each provider reads only its
/// own annotations (identity columns), so the same migration runs on SQLite and PostgreSQL.
/// A test checks that the migrated schema matches the model.
/// </summary>
[DbContext(typeof(SandboxDbContext))]
[Migration("20261122000001_Initial")]
internal sealed class V0001InitialSchema : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);

        // 1. Identity: roles and users.
        migrationBuilder.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AspNetRoles", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 200, nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                MonthlyBudgetKrw = table.Column<long>(nullable: true),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<long>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AspNetUsers", x => x.Id));

        // 2. Identity: claims, logins, roles of users, tokens.
        migrationBuilder.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<int>(nullable: false)),
                RoleId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<int>(nullable: false)),
                UserId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                RoleId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);
        migrationBuilder.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");
        migrationBuilder.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");
        migrationBuilder.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);

        // 3. Tier history.
        migrationBuilder.CreateTable(
            name: "member_tiers",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<long>(nullable: false)),
                MemberId = table.Column<string>(nullable: false),
                Tier = table.Column<string>(nullable: false),
                From = table.Column<long>(nullable: false),
                To = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_member_tiers", x => x.Id));
        migrationBuilder.CreateIndex("IX_member_tiers_MemberId_From", "member_tiers", ["MemberId", "From"]);

        // 4. Dataset versions.
        migrationBuilder.CreateTable(
            name: "dataset_versions",
            columns: table => new
            {
                Id = MigrationColumns.Identity(table.Column<long>(nullable: false)),
                Name = table.Column<string>(nullable: false),
                Version = table.Column<string>(nullable: false),
                Title = table.Column<string>(nullable: false),
                Description = table.Column<string>(nullable: true),
                Status = table.Column<string>(nullable: false),
                Reason = table.Column<string>(nullable: true),
                Image = table.Column<string>(nullable: false),
                ImageId = table.Column<string>(nullable: true),
                ContentDigest = table.Column<string>(nullable: false),
                FileCount = table.Column<int>(nullable: false),
                TotalBytes = table.Column<long>(nullable: false),
                ManifestJson = table.Column<string>(nullable: false),
                PublishedBy = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                PublishedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_dataset_versions", x => x.Id));
        migrationBuilder.CreateIndex("IX_dataset_versions_Name_Version", "dataset_versions", ["Name", "Version"], unique: true);

        // 5. Sessions.
        migrationBuilder.CreateTable(
            name: "sessions",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                OwnerId = table.Column<string>(nullable: false),
                Profile = table.Column<string>(nullable: false),
                SizeId = table.Column<string>(nullable: false),
                Cpu = table.Column<decimal>(nullable: false),
                MemoryGiB = table.Column<decimal>(nullable: false),
                Gpu = table.Column<int>(nullable: false),
                Datasets = table.Column<string>(nullable: false),
                State = table.Column<string>(nullable: false),
                StopRequested = table.Column<bool>(nullable: false),
                StopRequestedAt = table.Column<long>(nullable: true),
                Reason = table.Column<string>(nullable: true),
                Progress = table.Column<int>(nullable: false),
                Message = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                ProvisioningAt = table.Column<long>(nullable: true),
                ReadyAt = table.Column<long>(nullable: true),
                EndedAt = table.Column<long>(nullable: true),
                LastSeenAt = table.Column<long>(nullable: true),
                RuntimeState = table.Column<string>(nullable: true),
                ProtectedToken = table.Column<string>(nullable: false),
                IdempotencyKey = table.Column<string>(nullable: true),
                RequestHash = table.Column<string>(nullable: true),
                Revision = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_sessions", x => x.Id));
        migrationBuilder.CreateIndex("IX_sessions_OwnerId_IdempotencyKey", "sessions", ["OwnerId", "IdempotencyKey"], unique: true);
        migrationBuilder.CreateIndex("IX_sessions_State", "sessions", "State");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in new[] { "sessions", "dataset_versions", "member_tiers", "AspNetUserTokens", "AspNetUserRoles",
                     "AspNetUserLogins", "AspNetUserClaims", "AspNetRoleClaims", "AspNetUsers", "AspNetRoles" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
