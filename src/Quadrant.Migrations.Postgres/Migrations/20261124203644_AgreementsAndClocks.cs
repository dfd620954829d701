using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quadrant.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AgreementsAndClocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Party = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    CalendarId = table.Column<Guid>(type: "uuid", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    ReviewDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Terms = table.Column<string>(type: "text", nullable: false),
                    Document = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    RevisionInForce = table.Column<int>(type: "integer", nullable: true),
                    HasUnapprovedChanges = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_agreements_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_agreements_business_calendars_CalendarId",
                        column: x => x.CalendarId,
                        principalTable: "business_calendars",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notifications_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sla_clock_recomputations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CalendarId = table.Column<Guid>(type: "uuid", nullable: true),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: true),
                    AgreementRevision = table.Column<int>(type: "integer", nullable: true),
                    RequestedById = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: true),
                    Processed = table.Column<int>(type: "integer", nullable: false),
                    Changed = table.Column<int>(type: "integer", nullable: false),
                    Cursor = table.Column<Guid>(type: "uuid", nullable: true),
                    Node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_clock_recomputations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "agreement_customers",
                columns: table => new
                {
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreement_customers", x => new { x.AgreementId, x.CustomerId });
                    table.ForeignKey(
                        name: "FK_agreement_customers_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_agreement_customers_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agreement_revisions",
                columns: table => new
                {
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ChangeNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PreparedById = table.Column<Guid>(type: "uuid", nullable: true),
                    ApprovedById = table.Column<Guid>(type: "uuid", nullable: false),
                    ApprovedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ApprovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreement_revisions", x => new { x.AgreementId, x.Number });
                    table.ForeignKey(
                        name: "FK_agreement_revisions_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agreement_services",
                columns: table => new
                {
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreement_services", x => new { x.AgreementId, x.ServiceId });
                    table.ForeignKey(
                        name: "FK_agreement_services_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_agreement_services_services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sla_clocks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Metric = table.Column<int>(type: "integer", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementRevision = table.Column<int>(type: "integer", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    CalendarId = table.Column<Guid>(type: "uuid", nullable: false),
                    ResponsibleUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Thresholds = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TargetMinutes = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PauseReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ElapsedSeconds = table.Column<long>(type: "bigint", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DueSort = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Breached = table.Column<bool>(type: "boolean", nullable: false),
                    BreachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NextCrossingAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EventCount = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_clocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sla_clocks_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sla_clock_crossings",
                columns: table => new
                {
                    ClockId = table.Column<Guid>(type: "uuid", nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    CrossedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Notified = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_clock_crossings", x => new { x.ClockId, x.Percent });
                    table.ForeignKey(
                        name: "FK_sla_clock_crossings_sla_clocks_ClockId",
                        column: x => x.ClockId,
                        principalTable: "sla_clocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sla_clock_events",
                columns: table => new
                {
                    ClockId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TargetMinutes = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ById = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_clock_events", x => new { x.ClockId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_sla_clock_events_sla_clocks_ClockId",
                        column: x => x.ClockId,
                        principalTable: "sla_clocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agreement_customers_CustomerId",
                table: "agreement_customers",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_agreement_services_ServiceId",
                table: "agreement_services",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_agreements_CalendarId",
                table: "agreements",
                column: "CalendarId");

            migrationBuilder.CreateIndex(
                name: "IX_agreements_Name",
                table: "agreements",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agreements_OwnerId",
                table: "agreements",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_agreements_ReviewDate_Id",
                table: "agreements",
                columns: new[] { "ReviewDate", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_agreements_Status_Kind",
                table: "agreements",
                columns: new[] { "Status", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_agreements_UpdatedAt_Id",
                table: "agreements",
                columns: new[] { "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_UserId_CreatedAt_Id",
                table: "notifications",
                columns: new[] { "UserId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_UserId_ReadAt",
                table: "notifications",
                columns: new[] { "UserId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_clock_crossings_DetectedAt",
                table: "sla_clock_crossings",
                column: "DetectedAt");

            migrationBuilder.CreateIndex(
                name: "IX_sla_clock_recomputations_Status_RequestedAt",
                table: "sla_clock_recomputations",
                columns: new[] { "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_AgreementId_Status_Id",
                table: "sla_clocks",
                columns: new[] { "AgreementId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_BreachedAt_AgreementId",
                table: "sla_clocks",
                columns: new[] { "BreachedAt", "AgreementId" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_CalendarId_Status_Id",
                table: "sla_clocks",
                columns: new[] { "CalendarId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_NextCrossingAt",
                table: "sla_clocks",
                column: "NextCrossingAt");

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_RecordType_RecordId_Metric",
                table: "sla_clocks",
                columns: new[] { "RecordType", "RecordId", "Metric" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_StartedAt_Id",
                table: "sla_clocks",
                columns: new[] { "StartedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_Status_DueSort_Id",
                table: "sla_clocks",
                columns: new[] { "Status", "DueSort", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_StoppedAt_AgreementId",
                table: "sla_clocks",
                columns: new[] { "StoppedAt", "AgreementId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_customers");

            migrationBuilder.DropTable(
                name: "agreement_revisions");

            migrationBuilder.DropTable(
                name: "agreement_services");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "sla_clock_crossings");

            migrationBuilder.DropTable(
                name: "sla_clock_events");

            migrationBuilder.DropTable(
                name: "sla_clock_recomputations");

            migrationBuilder.DropTable(
                name: "sla_clocks");

            migrationBuilder.DropTable(
                name: "agreements");
        }
    }
}
