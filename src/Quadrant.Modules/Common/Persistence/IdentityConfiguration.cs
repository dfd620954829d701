using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Common.Persistence;

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> builder) =>
        builder.ToTable("data_protection_keys");
}

internal sealed class QuadrantUserConfiguration : IEntityTypeConfiguration<QuadrantUser>
{
    public void Configure(EntityTypeBuilder<QuadrantUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
        // Keyset sort keys of the user list: (key, id).
        builder.HasIndex(u => new { u.DisplayName, u.Id });
        builder.HasIndex(u => new { u.NormalizedEmail, u.Id });
        builder.HasIndex(u => new { u.CreatedAt, u.Id });
        builder.Property(u => u.Version).IsConcurrencyToken();
    }
}
