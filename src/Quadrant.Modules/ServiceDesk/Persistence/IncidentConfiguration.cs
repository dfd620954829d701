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
        builder.Property(i => i.AssignmentGroup).HasMaxLength(Incident.MaxGroup).IsRequired();
        builder.Property(i => i.ResolutionCode).HasMaxLength(Incident.MaxResolutionCode);
        builder.Property(i => i.ResolutionNotes).HasMaxLength(Incident.MaxResolutionNotes);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => i.Number).IsUnique();
        builder.HasIndex(i => new { i.CreatedAt, i.Id });
        builder.HasIndex(i => new { i.UpdatedAt, i.Id });
        builder.HasIndex(i => new { i.Status, i.Priority, i.Id });
        builder.HasIndex(i => new { i.AssigneeId, i.Status });
        builder.HasIndex(i => new { i.RequesterId, i.CreatedAt });
        builder.HasIndex(i => i.ServiceId);
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
