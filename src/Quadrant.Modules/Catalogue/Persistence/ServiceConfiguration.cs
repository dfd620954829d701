using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Catalogue.Persistence;

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.ToTable("services");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(Service.MaxName).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(Service.MaxDescription).IsRequired();
        builder.Property(s => s.Outcomes).IsRequired().HasDefaultValue("[]");
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasIndex(s => new { s.Lifecycle, s.Name });
        builder.HasIndex(s => new { s.Criticality, s.Id });
        builder.HasIndex(s => new { s.CreatedAt, s.Id });
        builder.HasIndex(s => new { s.UpdatedAt, s.Id });
        builder.HasIndex(s => s.OwnerId);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
