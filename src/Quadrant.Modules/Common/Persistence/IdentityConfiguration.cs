using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Common.Persistence;

internal sealed class QuadrantUserConfiguration : IEntityTypeConfiguration<QuadrantUser>
{
    public void Configure(EntityTypeBuilder<QuadrantUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
        builder.HasIndex(u => u.DisplayName);
        builder.HasIndex(u => u.CreatedAt);
        builder.Property(u => u.Version).IsConcurrencyToken();
    }
}
