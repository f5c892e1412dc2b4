using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TomDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class DuplicateChecksAndCutouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DuplicateReason",
                table: "Targets",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SkyZone",
                table: "Targets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Simplified",
                table: "TargetNames",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "TargetCutouts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Fits = table.Column<byte[]>(type: "BLOB", nullable: false),
                    SourceAlertId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Added = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetCutouts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TargetCutouts_Targets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "Targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Targets_SkyZone_Ra",
                table: "Targets",
                columns: new[] { "SkyZone", "Ra" });

            migrationBuilder.CreateIndex(
                name: "IX_TargetNames_Simplified",
                table: "TargetNames",
                column: "Simplified");

            migrationBuilder.CreateIndex(
                name: "IX_TargetCutouts_TargetId_Kind",
                table: "TargetCutouts",
                columns: new[] { "TargetId", "Kind" },
                unique: true);

            // Existing rows get the derived columns the context keeps from now on (same rules as SkyZones and TargetNameRules).
            migrationBuilder.Sql("UPDATE Targets SET SkyZone = MIN(CAST((Dec + 90) / 0.05 AS INTEGER), 3600) WHERE Dec IS NOT NULL;");
            migrationBuilder.Sql(@"UPDATE TargetNames SET Simplified = lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(Name, ' ', ''), '-', ''), '_', ''), '(', ''), ')', ''), '[', ''), ']', ''), '{', ''), '}', ''), char(9), ''));");
            migrationBuilder.Sql("UPDATE TargetNames SET Simplified = substr(Simplified, 4) WHERE Simplified GLOB 'tns[0-9]*';");
            migrationBuilder.Sql("UPDATE TargetNames SET Simplified = substr(Simplified, 3) WHERE Simplified GLOB 'at[0-9]*' OR Simplified GLOB 'sn[0-9]*';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TargetCutouts");

            migrationBuilder.DropIndex(
                name: "IX_Targets_SkyZone_Ra",
                table: "Targets");

            migrationBuilder.DropIndex(
                name: "IX_TargetNames_Simplified",
                table: "TargetNames");

            migrationBuilder.DropColumn(
                name: "DuplicateReason",
                table: "Targets");

            migrationBuilder.DropColumn(
                name: "SkyZone",
                table: "Targets");

            migrationBuilder.DropColumn(
                name: "Simplified",
                table: "TargetNames");
        }
    }
}
