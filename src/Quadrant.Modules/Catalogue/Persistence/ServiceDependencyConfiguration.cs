using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Catalogue.Domain;

namespace Quadrant.Modules.Catalogue.Persistence;

internal sealed class ServiceDependencyConfiguration : IEntityTypeConfiguration<ServiceDependency>
{
    public void Configure(EntityTypeBuilder<ServiceDependency> builder)
    {
        builder.ToTable("service_dependencies");
        builder.HasKey(d => new { d.ServiceId, d.DependsOnId });
        builder.HasIndex(d => d.DependsOnId);
        builder.Property(d => d.DependsOnName).HasMaxLength(Service.MaxName).IsRequired();
        builder.HasOne<Service>().WithMany().HasForeignKey(d => d.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Service>().WithMany().HasForeignKey(d => d.DependsOnId).OnDelete(DeleteBehavior.Restrict);
    }
}
