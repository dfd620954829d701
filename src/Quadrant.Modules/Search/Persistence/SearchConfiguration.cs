using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Search.Domain;
using Quadrant.Modules.Search.Engine;

namespace Quadrant.Modules.Search.Persistence;

internal sealed class SearchDocumentConfiguration : IEntityTypeConfiguration<SearchDocument>
{
    public void Configure(EntityTypeBuilder<SearchDocument> builder)
    {
        builder.ToTable(SearchSchema.Documents);
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedOnAdd();
        builder.Property(d => d.Kind).HasMaxLength(SearchDocument.MaxKind).IsRequired();
        builder.Property(d => d.Reference).HasMaxLength(SearchDocument.MaxReference).IsRequired();
        builder.Property(d => d.Title).HasMaxLength(SearchDocument.MaxTitle).IsRequired();
        builder.Property(d => d.Keywords).HasMaxLength(SearchDocument.MaxKeywords).IsRequired();
        builder.Property(d => d.Body).IsRequired();
        builder.HasIndex(d => new { d.Kind, d.RecordId }).IsUnique();
        builder.HasIndex(d => d.OwnerUserId);
    }
}

internal sealed class SearchIndexStateConfiguration : IEntityTypeConfiguration<SearchIndexState>
{
    public void Configure(EntityTypeBuilder<SearchIndexState> builder)
    {
        builder.ToTable("search_index_state");
        builder.HasKey(s => s.Kind);
        builder.Property(s => s.Kind).HasMaxLength(SearchDocument.MaxKind);
    }
}

/// <summary>
/// PostgreSQL: two stored, generated tsvector columns with GIN indexes, written by the database itself whenever a row
/// changes (so they can never drift from the text). PublicVector (title A, keywords B, text C) is what everyone who may
/// see the record matches; FullVector adds the staff-only text (D) for the record's staff readers.
/// SQLite has its FTS5 table instead (<see cref="SearchSchema"/>).
/// </summary>
internal sealed class SearchDocumentPostgresConfiguration : IProviderModelConfiguration
{
    private const string Public =
        "setweight(to_tsvector('english'::regconfig, coalesce(\"Title\", '')), 'A') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(\"Keywords\", '')), 'B') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(\"Body\", '')), 'C')";

    public void Configure(ModelBuilder builder, bool isPostgres)
    {
        if (!isPostgres)
        {
            return;
        }

        var entity = builder.Entity<SearchDocument>();
        entity.Property<NpgsqlTsVector>(SearchSchema.PublicVector).HasComputedColumnSql(Public, stored: true);
        entity.Property<NpgsqlTsVector>(SearchSchema.FullVector)
            .HasComputedColumnSql(Public + " || setweight(to_tsvector('english'::regconfig, coalesce(\"StaffBody\", '')), 'D')", stored: true);
        entity.HasIndex(SearchSchema.PublicVector).HasMethod("GIN");
        entity.HasIndex(SearchSchema.FullVector).HasMethod("GIN");
    }
}
