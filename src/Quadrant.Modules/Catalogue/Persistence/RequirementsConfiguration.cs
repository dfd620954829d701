using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Requirements;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Catalogue.Persistence;

internal sealed class ServiceRequirementVersionConfiguration : IEntityTypeConfiguration<ServiceRequirementVersion>
{
    public void Configure(EntityTypeBuilder<ServiceRequirementVersion> builder)
    {
        builder.ToTable("service_requirement_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Summary).HasMaxLength(ServiceRequirementVersion.MaxSummary).IsRequired();
        builder.Property(v => v.Body).HasMaxLength(ServiceRequirementVersion.MaxBody).IsRequired();
        builder.Property(v => v.ChangeNote).HasMaxLength(ServiceRequirementVersion.MaxChangeNote).IsRequired();
        builder.Property(v => v.AuthorName).HasMaxLength(200).IsRequired();
        // One number per service: two concurrent saves of the same version cannot both commit.
        builder.HasIndex(v => new { v.ServiceId, v.Number }).IsUnique();
        builder.HasIndex(v => v.AuthorId);
        builder.HasOne<Service>().WithMany().HasForeignKey(v => v.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(v => v.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
