using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quadrant.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MailByReferenceIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_Reference_CreatedAt",
                table: "mail_outbox",
                columns: new[] { "Reference", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_mail_inbound_Reference_ReceivedAt",
                table: "mail_inbound",
                columns: new[] { "Reference", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_mail_outbox_Reference_CreatedAt",
                table: "mail_outbox");

            migrationBuilder.DropIndex(
                name: "IX_mail_inbound_Reference_ReceivedAt",
                table: "mail_inbound");
        }
    }
}
