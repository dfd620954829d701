using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Catalogue.Persistence;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(Customer.MaxName).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(Customer.MaxDescription).IsRequired();
        builder.Property(c => c.Contacts).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.HasIndex(c => new { c.Kind, c.Name });
        builder.HasIndex(c => new { c.UpdatedAt, c.Id });
        builder.HasIndex(c => c.RelationshipManagerId);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(c => c.RelationshipManagerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CustomerServiceConfiguration : IEntityTypeConfiguration<CustomerService>
{
    public void Configure(EntityTypeBuilder<CustomerService> builder)
    {
        builder.ToTable("customer_services");
        builder.HasKey(cs => new { cs.CustomerId, cs.ServiceId });
        builder.HasIndex(cs => cs.ServiceId);
        builder.Property(cs => cs.ServiceName).HasMaxLength(Service.MaxName).IsRequired();
        builder.HasOne<Customer>().WithMany().HasForeignKey(cs => cs.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Service>().WithMany().HasForeignKey(cs => cs.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
