using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TomDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class GroupsAndTargetPermissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "Targets",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Visibility",
                table: "Targets",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                // Targets from before accounts stay visible to the whole team.
                defaultValue: "Open");

            migrationBuilder.CreateTable(
                name: "TeamGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TargetShares",
                columns: table => new
                {
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetShares", x => new { x.TargetId, x.GroupId });
                    table.ForeignKey(
                        name: "FK_TargetShares_Targets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "Targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TargetShares_TeamGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "TeamGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TeamGroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamGroupMembers", x => new { x.GroupId, x.UserId });
                    table.ForeignKey(
                        name: "FK_TeamGroupMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TeamGroupMembers_TeamGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "TeamGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Targets_OwnerId",
                table: "Targets",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_TargetShares_GroupId",
                table: "TargetShares",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_TeamGroupMembers_UserId",
                table: "TeamGroupMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_TeamGroups_Name",
                table: "TeamGroups",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Targets_AspNetUsers_OwnerId",
                table: "Targets",
                column: "OwnerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Targets_AspNetUsers_OwnerId",
                table: "Targets");

            migrationBuilder.DropTable(
                name: "TargetShares");

            migrationBuilder.DropTable(
                name: "TeamGroupMembers");

            migrationBuilder.DropTable(
                name: "TeamGroups");

            migrationBuilder.DropIndex(
                name: "IX_Targets_OwnerId",
                table: "Targets");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Targets");

            migrationBuilder.DropColumn(
                name: "Visibility",
                table: "Targets");
        }
    }
}
