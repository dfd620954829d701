using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quadrant.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OpenClockIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sla_clocks_AgreementId_Status_Id",
                table: "sla_clocks");

            migrationBuilder.DropIndex(
                name: "IX_sla_clocks_CalendarId_Status_Id",
                table: "sla_clocks");

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_open_by_agreement",
                table: "sla_clocks",
                columns: new[] { "AgreementId", "Id" },
                filter: "\"Status\" <> 3");

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_open_by_calendar",
                table: "sla_clocks",
                columns: new[] { "CalendarId", "Id" },
                filter: "\"Status\" <> 3");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sla_clocks_open_by_agreement",
                table: "sla_clocks");

            migrationBuilder.DropIndex(
                name: "IX_sla_clocks_open_by_calendar",
                table: "sla_clocks");

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_AgreementId_Status_Id",
                table: "sla_clocks",
                columns: new[] { "AgreementId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_clocks_CalendarId_Status_Id",
                table: "sla_clocks",
                columns: new[] { "CalendarId", "Status", "Id" });
        }
    }
}
