using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Catalogue.Domain.Offerings;

namespace Quadrant.Modules.Catalogue.Persistence;

internal sealed class ServiceOfferingConfiguration : IEntityTypeConfiguration<ServiceOffering>
{
    public void Configure(EntityTypeBuilder<ServiceOffering> builder)
    {
        builder.ToTable("service_offerings");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(ServiceOffering.MaxName).IsRequired();
        builder.Property(o => o.Description).HasMaxLength(ServiceOffering.MaxDescription).IsRequired();
        builder.Property(o => o.Charge).HasMaxLength(ServiceOffering.MaxCharge).IsRequired();
        builder.Property(o => o.FulfilmentTarget).HasMaxLength(ServiceOffering.MaxFulfilmentTarget).IsRequired();
        builder.Property(o => o.Version).IsConcurrencyToken();
        // Names are unique within a service; the index also serves the list's name sort.
        builder.HasIndex(o => new { o.ServiceId, o.Name }).IsUnique();
        builder.HasIndex(o => new { o.ServiceId, o.UpdatedAt, o.Id });
        builder.HasOne<Service>().WithMany().HasForeignKey(o => o.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceOfferingCustomerConfiguration : IEntityTypeConfiguration<ServiceOfferingCustomer>
{
    public void Configure(EntityTypeBuilder<ServiceOfferingCustomer> builder)
    {
        builder.ToTable("service_offering_customers");
        builder.HasKey(oc => new { oc.OfferingId, oc.CustomerId });
        builder.HasIndex(oc => oc.CustomerId);
        builder.Property(oc => oc.CustomerName).HasMaxLength(Customer.MaxName).IsRequired();
        builder.HasOne<ServiceOffering>().WithMany().HasForeignKey(oc => oc.OfferingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customer>().WithMany().HasForeignKey(oc => oc.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
