using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Knowledge.Domain;

namespace Quadrant.Modules.Knowledge.Persistence;

internal sealed class KnowledgeArticleConfiguration : IEntityTypeConfiguration<KnowledgeArticle>
{
    public void Configure(EntityTypeBuilder<KnowledgeArticle> builder)
    {
        builder.ToTable("knowledge_articles");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Ignore(a => a.Reference);
        builder.Ignore(a => a.IsLive);
        builder.Property(a => a.Title).HasMaxLength(KnowledgeArticle.MaxTitle).IsRequired();
        builder.Property(a => a.PublishedTitle).HasMaxLength(KnowledgeArticle.MaxTitle);
        builder.Property(a => a.Category).HasMaxLength(KnowledgeArticle.MaxCategory).IsRequired();
        builder.Property(a => a.StatusNote).HasMaxLength(KnowledgeArticle.MaxChangeNote);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.Number).IsUnique();
        builder.HasIndex(a => new { a.UpdatedAt, a.Id });
        builder.HasIndex(a => new { a.Title, a.Id });
        builder.HasIndex(a => new { a.PublishedTitle, a.Id });
        builder.HasIndex(a => new { a.ReviewDate, a.Id });
        builder.HasIndex(a => new { a.Status, a.UpdatedAt });
        builder.HasIndex(a => a.ServiceId);
        builder.HasIndex(a => a.OwnerId);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticleVersionConfiguration : IEntityTypeConfiguration<ArticleVersion>
{
    public void Configure(EntityTypeBuilder<ArticleVersion> builder)
    {
        builder.ToTable("knowledge_article_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Title).HasMaxLength(KnowledgeArticle.MaxTitle).IsRequired();
        builder.Property(v => v.Body).HasMaxLength(KnowledgeArticle.MaxBody).IsRequired();
        builder.Property(v => v.Category).HasMaxLength(KnowledgeArticle.MaxCategory).IsRequired();
        builder.Property(v => v.Keywords).HasMaxLength(KnowledgeArticle.MaxKeywordsText).IsRequired();
        builder.Property(v => v.ChangeNote).HasMaxLength(KnowledgeArticle.MaxChangeNote).IsRequired();
        builder.Property(v => v.AuthorName).HasMaxLength(200).IsRequired();
        builder.HasIndex(v => new { v.ArticleId, v.Number }).IsUnique();
        builder.HasOne<KnowledgeArticle>().WithMany().HasForeignKey(v => v.ArticleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(v => v.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class KnowledgeLinkConfiguration : IEntityTypeConfiguration<KnowledgeLink>
{
    public void Configure(EntityTypeBuilder<KnowledgeLink> builder)
    {
        builder.ToTable("knowledge_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.ArticleReference).HasMaxLength(KnowledgeLink.MaxReference).IsRequired();
        builder.Property(l => l.Kind).HasMaxLength(KnowledgeLink.MaxKind).IsRequired();
        builder.Property(l => l.RecordType).HasMaxLength(KnowledgeLink.MaxKind).IsRequired();
        builder.Property(l => l.RecordReference).HasMaxLength(KnowledgeLink.MaxReference).IsRequired();
        builder.HasIndex(l => new { l.ArticleId, l.Kind, l.RecordId }).IsUnique();
        builder.HasIndex(l => new { l.Kind, l.RecordId });
        builder.HasOne<KnowledgeArticle>().WithMany().HasForeignKey(l => l.ArticleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(l => l.LinkedById).OnDelete(DeleteBehavior.Restrict);
    }
}
