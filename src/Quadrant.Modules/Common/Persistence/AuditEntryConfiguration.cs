using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Common.Persistence;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.HasIndex(e => new { e.RecordType, e.RecordId, e.Sequence });
        builder.Property(e => e.ActorName).HasMaxLength(256).IsRequired();
        builder.Property(e => e.RecordType).HasMaxLength(100).IsRequired();
        builder.Property(e => e.RecordId).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Changes).IsRequired();
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsRequired();
    }
}
