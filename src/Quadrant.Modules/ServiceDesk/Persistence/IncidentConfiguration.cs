using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Persistence;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Ignore(i => i.Reference);
        builder.Property(i => i.Title).HasMaxLength(Incident.MaxTitle).IsRequired();
        builder.Property(i => i.Description).HasMaxLength(Incident.MaxDescription).IsRequired();
        builder.Property(i => i.Category).HasMaxLength(Incident.MaxCategory).IsRequired();
        builder.Property(i => i.ResolutionCode).HasMaxLength(Incident.MaxResolutionCode);
        builder.Property(i => i.ResolutionNotes).HasMaxLength(Incident.MaxResolutionNotes);
        builder.Property(i => i.Version).IsConcurrencyToken();
        // Rows that existed before the column get "no due" (last in the due order) until their clocks next change.
        builder.Property(i => i.DueSort).HasDefaultValue(Incident.NoDue);
        builder.HasIndex(i => i.Number).IsUnique();
        builder.HasIndex(i => new { i.CreatedAt, i.Id });
        builder.HasIndex(i => new { i.UpdatedAt, i.Id });
        builder.HasIndex(i => new { i.Status, i.Priority, i.Id });
        builder.HasIndex(i => new { i.AssigneeId, i.Status });
        builder.HasIndex(i => new { i.RequesterId, i.CreatedAt });
        builder.HasIndex(i => i.ServiceId);
        builder.HasIndex(i => new { i.AssignmentGroupId, i.Status });
        // The SLA-ordered queues: "my group's open incidents by due" and "all by due" are index range reads.
        builder.HasIndex(i => new { i.AssignmentGroupId, i.DueSort, i.Id });
        builder.HasIndex(i => new { i.AssigneeId, i.DueSort, i.Id });
        builder.HasIndex(i => new { i.DueSort, i.Id });
        builder.HasIndex(i => new { i.IsMajor, i.DueSort });
        builder.HasIndex(i => new { i.CustomerId, i.CreatedAt });
        builder.HasIndex(i => new { i.Status, i.ResolvedAt });
        builder.HasOne<AssignmentGroup>().WithMany().HasForeignKey(i => i.AssignmentGroupId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(i => i.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(i => i.RequesterId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceDeskSettingsConfiguration : IEntityTypeConfiguration<ServiceDeskSettings>
{
    public void Configure(EntityTypeBuilder<ServiceDeskSettings> builder)
    {
        builder.ToTable("service_desk_settings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.PriorityMatrix).HasMaxLength(200).IsRequired();
        builder.Property(s => s.AutoCloseDays).HasDefaultValue(ServiceDeskSettings.DefaultAutoCloseDays);
        builder.Property(s => s.SurveyValidityDays).HasDefaultValue(ServiceDeskSettings.DefaultSurveyValidityDays);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class IncidentCommentConfiguration : IEntityTypeConfiguration<IncidentComment>
{
    public void Configure(EntityTypeBuilder<IncidentComment> builder)
    {
        builder.ToTable("incident_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Body).HasMaxLength(IncidentComment.MaxBody).IsRequired();
        builder.Property(c => c.AuthorName).HasMaxLength(200).IsRequired();
        builder.HasIndex(c => new { c.IncidentId, c.CreatedAt });
        builder.HasOne<Incident>().WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AssignmentGroupConfiguration : IEntityTypeConfiguration<AssignmentGroup>
{
    public void Configure(EntityTypeBuilder<AssignmentGroup> builder)
    {
        builder.ToTable("assignment_groups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Name).HasMaxLength(AssignmentGroup.MaxName).IsRequired();
        builder.Property(g => g.Description).HasMaxLength(AssignmentGroup.MaxDescription).IsRequired();
        builder.Property(g => g.Email).HasMaxLength(AssignmentGroup.MaxEmail);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasIndex(g => g.Name).IsUnique();
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(g => g.ManagerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(g => g.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AssignmentGroupMemberConfiguration : IEntityTypeConfiguration<AssignmentGroupMember>
{
    public void Configure(EntityTypeBuilder<AssignmentGroupMember> builder)
    {
        builder.ToTable("assignment_group_members");
        builder.HasKey(m => new { m.GroupId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentEventConfiguration : IEntityTypeConfiguration<IncidentEvent>
{
    public void Configure(EntityTypeBuilder<IncidentEvent> builder)
    {
        builder.ToTable("incident_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.From).HasMaxLength(IncidentEvent.MaxValue);
        builder.Property(e => e.To).HasMaxLength(IncidentEvent.MaxValue);
        builder.Property(e => e.Note).HasMaxLength(IncidentEvent.MaxNote);
        builder.HasIndex(e => new { e.IncidentId, e.At });
        builder.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RequesterProfileConfiguration : IEntityTypeConfiguration<RequesterProfile>
{
    public void Configure(EntityTypeBuilder<RequesterProfile> builder)
    {
        builder.ToTable("requester_profiles");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).ValueGeneratedNever();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.CustomerId);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> builder)
    {
        builder.ToTable("survey_invitations");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Ignore(s => s.IsAnswered);
        builder.Property(s => s.Reference).HasMaxLength(20).IsRequired();
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.Comment).HasMaxLength(SurveyInvitation.MaxComment);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.IncidentId).IsUnique();
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => new { s.RequesterId, s.AnsweredAt });
        builder.HasIndex(s => new { s.AnsweredAt, s.ServiceId });
        builder.HasOne<Incident>().WithMany().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(s => s.RequesterId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("import_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Kind).HasMaxLength(ImportJob.MaxKind).IsRequired();
        builder.Property(j => j.FileName).HasMaxLength(ImportJob.MaxFileName).IsRequired();
        builder.Property(j => j.HistoryFileName).HasMaxLength(ImportJob.MaxFileName);
        builder.Property(j => j.Source).HasMaxLength(ImportJob.MaxSource).IsRequired();
        builder.Property(j => j.TimeZone).HasMaxLength(100).IsRequired();
        builder.Property(j => j.Error).HasMaxLength(ImportJob.MaxError);
        builder.Property(j => j.CreatedByName).HasMaxLength(200).IsRequired();
        builder.Property(j => j.Node).HasMaxLength(200);
        builder.Property(j => j.Version).IsConcurrencyToken();
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasIndex(j => new { j.CreatedAt, j.Id });
    }
}

internal sealed class ImportFileConfiguration : IEntityTypeConfiguration<ImportFile>
{
    public void Configure(EntityTypeBuilder<ImportFile> builder)
    {
        builder.ToTable("import_files");
        builder.HasKey(f => f.ImportId);
        builder.HasOne<ImportJob>().WithOne().HasForeignKey<ImportFile>(f => f.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportRejectionConfiguration : IEntityTypeConfiguration<ImportRejection>
{
    public void Configure(EntityTypeBuilder<ImportRejection> builder)
    {
        builder.ToTable("import_rejections");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.ExternalId).HasMaxLength(ImportRejection.MaxExternalId);
        builder.Property(r => r.Field).HasMaxLength(ImportRejection.MaxField).IsRequired();
        builder.Property(r => r.Reason).HasMaxLength(ImportRejection.MaxReason).IsRequired();
        builder.HasIndex(r => new { r.ImportId, r.Line, r.Id });
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(r => r.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportedRecordConfiguration : IEntityTypeConfiguration<ImportedRecord>
{
    public void Configure(EntityTypeBuilder<ImportedRecord> builder)
    {
        builder.ToTable("imported_records");
        builder.HasKey(r => new { r.Kind, r.Source, r.ExternalId });
        builder.Property(r => r.Kind).HasMaxLength(ImportJob.MaxKind);
        builder.Property(r => r.Source).HasMaxLength(ImportJob.MaxSource);
        builder.Property(r => r.ExternalId).HasMaxLength(ImportedRecord.MaxExternalId);
        builder.Property(r => r.Reference).HasMaxLength(50).IsRequired();
        builder.HasIndex(r => new { r.ImportId, r.Line });
        builder.HasIndex(r => r.RecordId);
    }
}

internal sealed class IncidentAttachmentConfiguration : IEntityTypeConfiguration<IncidentAttachment>
{
    public void Configure(EntityTypeBuilder<IncidentAttachment> builder)
    {
        builder.ToTable("incident_attachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.FileName).HasMaxLength(IncidentAttachment.MaxFileName).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(120).IsRequired();
        builder.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(a => a.UploadedByName).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Origin).HasMaxLength(20).IsRequired();
        builder.HasIndex(a => new { a.IncidentId, a.CreatedAt });
        builder.HasOne<Incident>().WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(a => a.UploadedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IncidentAttachmentContentConfiguration : IEntityTypeConfiguration<IncidentAttachmentContent>
{
    public void Configure(EntityTypeBuilder<IncidentAttachmentContent> builder)
    {
        builder.ToTable("incident_attachment_contents");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Content).IsRequired();
        builder.HasOne<IncidentAttachment>().WithOne().HasForeignKey<IncidentAttachmentContent>(a => a.Id).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentLinkConfiguration : IEntityTypeConfiguration<IncidentLink>
{
    public void Configure(EntityTypeBuilder<IncidentLink> builder)
    {
        builder.ToTable("incident_links");
        builder.HasKey(l => new { l.IncidentId, l.RelatedId });
        builder.HasOne<Incident>().WithMany().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Incident>().WithMany().HasForeignKey(l => l.RelatedId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(l => l.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
