using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TomDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class TargetListOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "TargetLists",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TargetListShares",
                columns: table => new
                {
                    TargetListId = table.Column<long>(type: "INTEGER", nullable: false),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetListShares", x => new { x.TargetListId, x.GroupId });
                    table.ForeignKey(
                        name: "FK_TargetListShares_TargetLists_TargetListId",
                        column: x => x.TargetListId,
                        principalTable: "TargetLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TargetListShares_TeamGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "TeamGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TargetLists_OwnerId",
                table: "TargetLists",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_TargetListShares_GroupId",
                table: "TargetListShares",
                column: "GroupId");

            migrationBuilder.AddForeignKey(
                name: "FK_TargetLists_AspNetUsers_OwnerId",
                table: "TargetLists",
                column: "OwnerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_TargetLists_AspNetUsers_OwnerId",
                table: "TargetLists");

            migrationBuilder.DropTable(
                name: "TargetListShares");

            migrationBuilder.DropIndex(
                name: "IX_TargetLists_OwnerId",
                table: "TargetLists");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "TargetLists");
        }
    }
}
