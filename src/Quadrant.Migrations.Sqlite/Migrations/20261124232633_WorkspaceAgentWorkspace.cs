using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quadrant.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WorkspaceAgentWorkspace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DueSort",
                table: "incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(9999, 12, 31, 0, 0, 0, 0, DateTimeKind.Utc));

            migrationBuilder.AddColumn<bool>(
                name: "IsMajor",
                table: "incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "MajorDeclaredAt",
                table: "incidents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ResolutionBreached",
                table: "incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionDueAt",
                table: "incidents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "escalation_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Priorities = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Trigger = table.Column<int>(type: "INTEGER", nullable: false),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetGroupId = table.Column<Guid>(type: "TEXT", nullable: true),
                    NotifyManager = table.Column<bool>(type: "INTEGER", nullable: false),
                    NotifyUserIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_escalation_rules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_escalation_rules_assignment_groups_TargetGroupId",
                        column: x => x.TargetGroupId,
                        principalTable: "assignment_groups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "incident_queue_views",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Query = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IsShared = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_queue_views", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_queue_views_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incident_watchers",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AddedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_watchers", x => new { x.IncidentId, x.UserId });
                    table.ForeignKey(
                        name: "FK_incident_watchers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_incident_watchers_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "major_incident_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    AutoPriority = table.Column<int>(type: "INTEGER", nullable: true),
                    AutoCriticalities = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NotifyUserIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_major_incident_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "major_incident_updates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Communicated = table.Column<bool>(type: "INTEGER", nullable: false),
                    Recipients = table.Column<string>(type: "TEXT", nullable: false),
                    CommunicatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_major_incident_updates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_major_incident_updates_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_major_incident_updates_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "post_incident_reviews",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    RootCause = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    WentWell = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    WentBadly = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Actions = table.Column<string>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_post_incident_reviews", x => x.IncidentId);
                    table.ForeignKey(
                        name: "FK_post_incident_reviews_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "escalation_firings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FiredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_escalation_firings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_escalation_firings_escalation_rules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "escalation_rules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_escalation_firings_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_AssigneeId_DueSort_Id",
                table: "incidents",
                columns: new[] { "AssigneeId", "DueSort", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_AssignmentGroupId_DueSort_Id",
                table: "incidents",
                columns: new[] { "AssignmentGroupId", "DueSort", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_DueSort_Id",
                table: "incidents",
                columns: new[] { "DueSort", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_IsMajor_DueSort",
                table: "incidents",
                columns: new[] { "IsMajor", "DueSort" });

            migrationBuilder.CreateIndex(
                name: "IX_escalation_firings_IncidentId",
                table: "escalation_firings",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_escalation_firings_RuleId_IncidentId",
                table: "escalation_firings",
                columns: new[] { "RuleId", "IncidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_escalation_rules_Name",
                table: "escalation_rules",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_escalation_rules_TargetGroupId",
                table: "escalation_rules",
                column: "TargetGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_queue_views_IsShared",
                table: "incident_queue_views",
                column: "IsShared");

            migrationBuilder.CreateIndex(
                name: "IX_incident_queue_views_OwnerId_Name",
                table: "incident_queue_views",
                columns: new[] { "OwnerId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_watchers_UserId",
                table: "incident_watchers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_major_incident_updates_AuthorId",
                table: "major_incident_updates",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_major_incident_updates_Communicated_DeliveredAt",
                table: "major_incident_updates",
                columns: new[] { "Communicated", "DeliveredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_major_incident_updates_IncidentId_CreatedAt",
                table: "major_incident_updates",
                columns: new[] { "IncidentId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "escalation_firings");

            migrationBuilder.DropTable(
                name: "incident_queue_views");

            migrationBuilder.DropTable(
                name: "incident_watchers");

            migrationBuilder.DropTable(
                name: "major_incident_settings");

            migrationBuilder.DropTable(
                name: "major_incident_updates");

            migrationBuilder.DropTable(
                name: "post_incident_reviews");

            migrationBuilder.DropTable(
                name: "escalation_rules");

            migrationBuilder.DropIndex(
                name: "IX_incidents_AssigneeId_DueSort_Id",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_AssignmentGroupId_DueSort_Id",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_DueSort_Id",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_IsMajor_DueSort",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "DueSort",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "IsMajor",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "MajorDeclaredAt",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ResolutionBreached",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ResolutionDueAt",
                table: "incidents");
        }
    }
}
