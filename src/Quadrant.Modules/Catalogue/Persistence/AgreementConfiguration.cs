using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Catalogue.Persistence;

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> builder)
    {
        builder.ToTable("agreements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(Agreement.MaxName).IsRequired();
        builder.Property(a => a.Party).HasMaxLength(Agreement.MaxParty).IsRequired();
        builder.Property(a => a.Terms).IsRequired();
        builder.Property(a => a.Document).HasMaxLength(Agreement.MaxDocument).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.Name).IsUnique();
        builder.HasIndex(a => new { a.Status, a.Kind });
        builder.HasIndex(a => new { a.UpdatedAt, a.Id });
        builder.HasIndex(a => new { a.ReviewDate, a.Id });
        builder.HasIndex(a => a.CalendarId);
        builder.HasIndex(a => a.OwnerId);
        builder.HasOne<BusinessCalendar>().WithMany().HasForeignKey(a => a.CalendarId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgreementRevisionConfiguration : IEntityTypeConfiguration<AgreementRevision>
{
    public void Configure(EntityTypeBuilder<AgreementRevision> builder)
    {
        builder.ToTable("agreement_revisions");
        builder.HasKey(r => new { r.AgreementId, r.Number });
        builder.Property(r => r.Content).IsRequired();
        builder.Property(r => r.ChangeNote).HasMaxLength(AgreementRevision.MaxChangeNote).IsRequired();
        builder.Property(r => r.ApprovedByName).HasMaxLength(200).IsRequired();
        builder.HasOne<Agreement>().WithMany().HasForeignKey(r => r.AgreementId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgreementServiceConfiguration : IEntityTypeConfiguration<AgreementService>
{
    public void Configure(EntityTypeBuilder<AgreementService> builder)
    {
        builder.ToTable("agreement_services");
        builder.HasKey(x => new { x.AgreementId, x.ServiceId });
        builder.HasIndex(x => x.ServiceId);
        builder.Property(x => x.ServiceName).HasMaxLength(Service.MaxName).IsRequired();
        builder.HasOne<Agreement>().WithMany().HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Service>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgreementCustomerConfiguration : IEntityTypeConfiguration<AgreementCustomer>
{
    public void Configure(EntityTypeBuilder<AgreementCustomer> builder)
    {
        builder.ToTable("agreement_customers");
        builder.HasKey(x => new { x.AgreementId, x.CustomerId });
        builder.HasIndex(x => x.CustomerId);
        builder.Property(x => x.CustomerName).HasMaxLength(Customer.MaxName).IsRequired();
        builder.HasOne<Agreement>().WithMany().HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
