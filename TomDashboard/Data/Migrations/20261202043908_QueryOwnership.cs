using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TomDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueryOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "BrokerQueries",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BrokerQueryShares",
                columns: table => new
                {
                    BrokerQueryId = table.Column<long>(type: "INTEGER", nullable: false),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerQueryShares", x => new { x.BrokerQueryId, x.GroupId });
                    table.ForeignKey(
                        name: "FK_BrokerQueryShares_BrokerQueries_BrokerQueryId",
                        column: x => x.BrokerQueryId,
                        principalTable: "BrokerQueries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BrokerQueryShares_TeamGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "TeamGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerQueries_OwnerId",
                table: "BrokerQueries",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerQueryShares_GroupId",
                table: "BrokerQueryShares",
                column: "GroupId");

            migrationBuilder.AddForeignKey(
                name: "FK_BrokerQueries_AspNetUsers_OwnerId",
                table: "BrokerQueries",
                column: "OwnerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_BrokerQueries_AspNetUsers_OwnerId",
                table: "BrokerQueries");

            migrationBuilder.DropTable(
                name: "BrokerQueryShares");

            migrationBuilder.DropIndex(
                name: "IX_BrokerQueries_OwnerId",
                table: "BrokerQueries");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "BrokerQueries");
        }
    }
}
