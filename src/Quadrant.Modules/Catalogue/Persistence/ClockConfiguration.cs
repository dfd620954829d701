using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Clocks;

namespace Quadrant.Modules.Catalogue.Persistence;

internal sealed class ClockRecordConfiguration : IEntityTypeConfiguration<ClockRecord>
{
    public void Configure(EntityTypeBuilder<ClockRecord> builder)
    {
        builder.ToTable("sla_clocks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.RecordType).HasMaxLength(ClockRecord.MaxRecordType).IsRequired();
        builder.Property(c => c.Reference).HasMaxLength(ClockRecord.MaxReference).IsRequired();
        builder.Property(c => c.PauseReason).HasMaxLength(ClockRecord.MaxReason);
        builder.Property(c => c.Thresholds).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.RecordType, c.RecordId, c.Metric }).IsUnique();
        // The crossing job: "what is due now" without scanning.
        builder.HasIndex(c => c.NextCrossingAt);
        // Queues: open clocks by due instant.
        builder.HasIndex(c => new { c.Status, c.DueSort, c.Id });
        builder.HasIndex(c => new { c.StartedAt, c.Id });
        // Recomputation by agreement or calendar walks the open clocks in id order; partial indexes hold
        // only open clocks, so years of stopped ones cost nothing here. (Status 3 = stopped.)
        builder.HasIndex(c => new { c.AgreementId, c.Id }).HasFilter("\"Status\" <> 3").HasDatabaseName("IX_sla_clocks_open_by_agreement");
        builder.HasIndex(c => new { c.CalendarId, c.Id }).HasFilter("\"Status\" <> 3").HasDatabaseName("IX_sla_clocks_open_by_calendar");
        // Attainment: measured when stopped, or when breached while still open.
        builder.HasIndex(c => new { c.StoppedAt, c.AgreementId });
        builder.HasIndex(c => new { c.BreachedAt, c.AgreementId });
        builder.HasOne<Agreement>().WithMany().HasForeignKey(c => c.AgreementId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClockEventRecordConfiguration : IEntityTypeConfiguration<ClockEventRecord>
{
    public void Configure(EntityTypeBuilder<ClockEventRecord> builder)
    {
        builder.ToTable("sla_clock_events");
        builder.HasKey(e => new { e.ClockId, e.Sequence });
        builder.Property(e => e.Reason).HasMaxLength(ClockRecord.MaxReason);
        builder.HasOne<ClockRecord>().WithMany().HasForeignKey(e => e.ClockId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClockCrossingConfiguration : IEntityTypeConfiguration<ClockCrossing>
{
    public void Configure(EntityTypeBuilder<ClockCrossing> builder)
    {
        builder.ToTable("sla_clock_crossings");
        builder.HasKey(c => new { c.ClockId, c.Percent });
        builder.HasIndex(c => c.DetectedAt);
        builder.HasOne<ClockRecord>().WithMany().HasForeignKey(c => c.ClockId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClockRecomputationConfiguration : IEntityTypeConfiguration<ClockRecomputation>
{
    public void Configure(EntityTypeBuilder<ClockRecomputation> builder)
    {
        builder.ToTable("sla_clock_recomputations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Reason).HasMaxLength(ClockRecomputation.MaxReason).IsRequired();
        builder.Property(r => r.Node).HasMaxLength(200);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.Status, r.RequestedAt });
    }
}
