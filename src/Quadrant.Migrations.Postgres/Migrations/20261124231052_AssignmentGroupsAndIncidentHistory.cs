using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quadrant.Migrations.Postgres.Migrations
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
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "assignment_groups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    ManagerId = table.Column<Guid>(type: "uuid", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    To = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    GroupId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
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
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");
        }
    }
}
