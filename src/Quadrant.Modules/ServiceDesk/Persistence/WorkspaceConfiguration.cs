using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Persistence;

internal sealed class IncidentQueueViewConfiguration : IEntityTypeConfiguration<IncidentQueueView>
{
    public void Configure(EntityTypeBuilder<IncidentQueueView> builder)
    {
        builder.ToTable("incident_queue_views");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Name).HasMaxLength(IncidentQueueView.MaxName).IsRequired();
        builder.Property(v => v.Query).HasMaxLength(IncidentQueueView.MaxQuery).IsRequired();
        builder.Property(v => v.Version).IsConcurrencyToken();
        builder.HasIndex(v => new { v.OwnerId, v.Name }).IsUnique();
        builder.HasIndex(v => v.IsShared);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EscalationRuleConfiguration : IEntityTypeConfiguration<EscalationRule>
{
    public void Configure(EntityTypeBuilder<EscalationRule> builder)
    {
        builder.ToTable("escalation_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(EscalationRule.MaxName).IsRequired();
        builder.Property(r => r.Priorities).HasMaxLength(20).IsRequired();
        builder.Property(r => r.NotifyUserIds).HasMaxLength(2000).IsRequired();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.PriorityList);
        builder.Ignore(r => r.NotifyUsers);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.HasOne<AssignmentGroup>().WithMany().HasForeignKey(r => r.TargetGroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EscalationFiringConfiguration : IEntityTypeConfiguration<EscalationFiring>
{
    public void Configure(EntityTypeBuilder<EscalationFiring> builder)
    {
        builder.ToTable("escalation_firings");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasIndex(f => new { f.RuleId, f.IncidentId }).IsUnique();
        builder.HasIndex(f => f.IncidentId);
        builder.HasOne<EscalationRule>().WithMany().HasForeignKey(f => f.RuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Incident>().WithMany().HasForeignKey(f => f.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentWatcherConfiguration : IEntityTypeConfiguration<IncidentWatcher>
{
    public void Configure(EntityTypeBuilder<IncidentWatcher> builder)
    {
        builder.ToTable("incident_watchers");
        builder.HasKey(w => new { w.IncidentId, w.UserId });
        builder.HasIndex(w => w.UserId);
        builder.HasOne<Incident>().WithMany().HasForeignKey(w => w.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(w => w.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MajorIncidentUpdateConfiguration : IEntityTypeConfiguration<MajorIncidentUpdate>
{
    public void Configure(EntityTypeBuilder<MajorIncidentUpdate> builder)
    {
        builder.ToTable("major_incident_updates");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Body).HasMaxLength(MajorIncidentUpdate.MaxBody).IsRequired();
        builder.Property(u => u.AuthorName).HasMaxLength(200).IsRequired();
        builder.Property(u => u.Recipients).IsRequired();
        builder.Ignore(u => u.RecipientList);
        builder.HasIndex(u => new { u.IncidentId, u.CreatedAt });
        builder.HasIndex(u => new { u.Communicated, u.DeliveredAt });
        builder.HasOne<Incident>().WithMany().HasForeignKey(u => u.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(u => u.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PostIncidentReviewConfiguration : IEntityTypeConfiguration<PostIncidentReview>
{
    public void Configure(EntityTypeBuilder<PostIncidentReview> builder)
    {
        builder.ToTable("post_incident_reviews");
        builder.HasKey(r => r.IncidentId);
        builder.Property(r => r.Summary).HasMaxLength(PostIncidentReview.MaxText).IsRequired();
        builder.Property(r => r.RootCause).HasMaxLength(PostIncidentReview.MaxText).IsRequired();
        builder.Property(r => r.WentWell).HasMaxLength(PostIncidentReview.MaxText).IsRequired();
        builder.Property(r => r.WentBadly).HasMaxLength(PostIncidentReview.MaxText).IsRequired();
        builder.Property(r => r.Actions).IsRequired();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.ActionList);
        builder.HasOne<Incident>().WithOne().HasForeignKey<PostIncidentReview>(r => r.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MajorIncidentSettingsConfiguration : IEntityTypeConfiguration<MajorIncidentSettings>
{
    public void Configure(EntityTypeBuilder<MajorIncidentSettings> builder)
    {
        builder.ToTable("major_incident_settings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.AutoCriticalities).HasMaxLength(100).IsRequired();
        builder.Property(s => s.NotifyUserIds).HasMaxLength(2000).IsRequired();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.Criticalities);
        builder.Ignore(s => s.NotifyUsers);
    }
}
