using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quadrant.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MailAndAttachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incident_attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    UploadedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_attachments_AspNetUsers_UploadedById",
                        column: x => x.UploadedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_incident_attachments_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mail_mailboxes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    Security = table.Column<int>(type: "INTEGER", nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Password = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Folder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessedFolder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PollSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultServiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastPolledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_mailboxes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mail_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ToAddress = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ToName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    TextBody = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    HtmlBody = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mail_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    SmtpHost = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    SmtpPort = table.Column<int>(type: "INTEGER", nullable: false),
                    SmtpSecurity = table.Column<int>(type: "INTEGER", nullable: false),
                    SmtpUser = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SmtpPassword = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    FromAddress = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    FromName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnknownSenders = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultServiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mail_templates",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TextBody = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    HtmlBody = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_templates", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "incident_attachment_contents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_attachment_contents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_attachment_contents_incident_attachments_Id",
                        column: x => x.Id,
                        principalTable: "incident_attachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mail_inbound",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MailboxId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UidValidity = table.Column<long>(type: "INTEGER", nullable: false),
                    Uid = table.Column<long>(type: "INTEGER", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FromAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_inbound", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mail_inbound_mail_mailboxes_MailboxId",
                        column: x => x.MailboxId,
                        principalTable: "mail_mailboxes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incident_attachments_IncidentId_CreatedAt",
                table: "incident_attachments",
                columns: new[] { "IncidentId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incident_attachments_UploadedById",
                table: "incident_attachments",
                column: "UploadedById");

            migrationBuilder.CreateIndex(
                name: "IX_mail_inbound_FromAddress_ReceivedAt",
                table: "mail_inbound",
                columns: new[] { "FromAddress", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_mail_inbound_MailboxId_UidValidity_Uid",
                table: "mail_inbound",
                columns: new[] { "MailboxId", "UidValidity", "Uid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_inbound_MessageId",
                table: "mail_inbound",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_mail_inbound_ReceivedAt_Id",
                table: "mail_inbound",
                columns: new[] { "ReceivedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_mail_mailboxes_Name",
                table: "mail_mailboxes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_CreatedAt_Id",
                table: "mail_outbox",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_MessageId",
                table: "mail_outbox",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_Status_NextAttemptAt",
                table: "mail_outbox",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incident_attachment_contents");

            migrationBuilder.DropTable(
                name: "mail_inbound");

            migrationBuilder.DropTable(
                name: "mail_outbox");

            migrationBuilder.DropTable(
                name: "mail_settings");

            migrationBuilder.DropTable(
                name: "mail_templates");

            migrationBuilder.DropTable(
                name: "incident_attachments");

            migrationBuilder.DropTable(
                name: "mail_mailboxes");
        }
    }
}
