using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quadrant.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KbKnowledgeAndSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "knowledge_articles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Audience = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PublishedServiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PublishedAudience = table.Column<int>(type: "INTEGER", nullable: true),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StatusNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_articles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_knowledge_articles_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "search_documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Keywords = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    StaffBody = table.Column<string>(type: "TEXT", nullable: true),
                    OwnerUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Everyone = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReaderRoles = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IndexedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_documents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "search_index_state",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Generation = table.Column<int>(type: "INTEGER", nullable: false),
                    Documents = table.Column<int>(type: "INTEGER", nullable: false),
                    RebuiltAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_index_state", x => x.Kind);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_article_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ArticleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Keywords = table.Column<string>(type: "TEXT", maxLength: 1040, nullable: false),
                    Audience = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangeNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PublishedById = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_article_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_knowledge_article_versions_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_knowledge_article_versions_knowledge_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "knowledge_articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ArticleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ArticleReference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecordType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordReference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    LinkedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_knowledge_links_AspNetUsers_LinkedById",
                        column: x => x.LinkedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_knowledge_links_knowledge_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "knowledge_articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_article_versions_ArticleId_Number",
                table: "knowledge_article_versions",
                columns: new[] { "ArticleId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_article_versions_AuthorId",
                table: "knowledge_article_versions",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_Number",
                table: "knowledge_articles",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_OwnerId",
                table: "knowledge_articles",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_PublishedTitle_Id",
                table: "knowledge_articles",
                columns: new[] { "PublishedTitle", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_ReviewDate_Id",
                table: "knowledge_articles",
                columns: new[] { "ReviewDate", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_ServiceId",
                table: "knowledge_articles",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_Status_UpdatedAt",
                table: "knowledge_articles",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_Title_Id",
                table: "knowledge_articles",
                columns: new[] { "Title", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_UpdatedAt_Id",
                table: "knowledge_articles",
                columns: new[] { "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_links_ArticleId_Kind_RecordId",
                table: "knowledge_links",
                columns: new[] { "ArticleId", "Kind", "RecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_links_Kind_RecordId",
                table: "knowledge_links",
                columns: new[] { "Kind", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_links_LinkedById",
                table: "knowledge_links",
                column: "LinkedById");

            migrationBuilder.CreateIndex(
                name: "IX_search_documents_Kind_RecordId",
                table: "search_documents",
                columns: new[] { "Kind", "RecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_search_documents_OwnerUserId",
                table: "search_documents",
                column: "OwnerUserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "knowledge_article_versions");

            migrationBuilder.DropTable(
                name: "knowledge_links");

            migrationBuilder.DropTable(
                name: "search_documents");

            migrationBuilder.DropTable(
                name: "search_index_state");

            migrationBuilder.DropTable(
                name: "knowledge_articles");
        }
    }
}
