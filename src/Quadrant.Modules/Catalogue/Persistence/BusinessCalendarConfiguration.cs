using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Catalogue.Domain.Calendars;

namespace Quadrant.Modules.Catalogue.Persistence;

internal sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendar>
{
    public void Configure(EntityTypeBuilder<BusinessCalendar> builder)
    {
        builder.ToTable("business_calendars");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(BusinessCalendar.MaxName).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(BusinessCalendar.MaxDescription).IsRequired();
        builder.Property(c => c.TimeZone).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Week).IsRequired();
        builder.Property(c => c.Holidays).IsRequired();
        builder.Property(c => c.Exceptions).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.HasIndex(c => new { c.UpdatedAt, c.Id });
    }
}
