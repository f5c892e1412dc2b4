using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TomDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class StreamsAndTargetLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AlertStreamMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Stream = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Partition = table.Column<int>(type: "INTEGER", nullable: false),
                    Offset = table.Column<long>(type: "INTEGER", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AlertId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertStreamMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TargetLists",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetLists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TargetListMembers",
                columns: table => new
                {
                    TargetListId = table.Column<long>(type: "INTEGER", nullable: false),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    Added = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetListMembers", x => new { x.TargetListId, x.TargetId });
                    table.ForeignKey(
                        name: "FK_TargetListMembers_TargetLists_TargetListId",
                        column: x => x.TargetListId,
                        principalTable: "TargetLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TargetListMembers_Targets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "Targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertStreamMessages_ReceivedAt",
                table: "AlertStreamMessages",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AlertStreamMessages_Stream_AlertId",
                table: "AlertStreamMessages",
                columns: new[] { "Stream", "AlertId" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertStreamMessages_Stream_Topic_Partition_Offset",
                table: "AlertStreamMessages",
                columns: new[] { "Stream", "Topic", "Partition", "Offset" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TargetListMembers_TargetId",
                table: "TargetListMembers",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_TargetLists_Name",
                table: "TargetLists",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertStreamMessages");

            migrationBuilder.DropTable(
                name: "TargetListMembers");

            migrationBuilder.DropTable(
                name: "TargetLists");
        }
    }
}
