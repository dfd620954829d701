using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quadrant.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AssignmentGroupsAndIncidentHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AssignmentGroup",
                table: "incidents");

            migrationBuilder.AddColumn<Guid>(
                name: "AssignmentGroupId",
                table: "incidents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "assignment_groups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    ManagerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignment_groups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assignment_groups_AspNetUsers_ManagerId",
                        column: x => x.ManagerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "incident_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_events_AspNetUsers_ActorId",
                        column: x => x.ActorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_incident_events_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assignment_group_members",
                columns: table => new
                {
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignment_group_members", x => new { x.GroupId, x.UserId });
                    table.ForeignKey(
                        name: "FK_assignment_group_members_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assignment_group_members_assignment_groups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "assignment_groups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_AssignmentGroupId_Status",
                table: "incidents",
                columns: new[] { "AssignmentGroupId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_assignment_group_members_UserId",
                table: "assignment_group_members",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_assignment_groups_ManagerId",
                table: "assignment_groups",
                column: "ManagerId");

            migrationBuilder.CreateIndex(
                name: "IX_assignment_groups_Name",
                table: "assignment_groups",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_events_ActorId",
                table: "incident_events",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_events_IncidentId_At",
                table: "incident_events",
                columns: new[] { "IncidentId", "At" });

            migrationBuilder.AddForeignKey(
                name: "FK_incidents_assignment_groups_AssignmentGroupId",
                table: "incidents",
                column: "AssignmentGroupId",
                principalTable: "assignment_groups",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_incidents_assignment_groups_AssignmentGroupId",
                table: "incidents");

            migrationBuilder.DropTable(
                name: "assignment_group_members");

            migrationBuilder.DropTable(
                name: "incident_events");

            migrationBuilder.DropTable(
                name: "assignment_groups");

            migrationBuilder.DropIndex(
                name: "IX_incidents_AssignmentGroupId_Status",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "AssignmentGroupId",
                table: "incidents");

            migrationBuilder.AddColumn<string>(
                name: "AssignmentGroup",
                table: "incidents",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");
        }
    }
}
