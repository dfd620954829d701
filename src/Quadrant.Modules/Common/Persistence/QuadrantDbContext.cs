using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Common.Persistence;

/// <summary>
/// The one DbContext of Quadrant. Each module adds its tables through IEntityTypeConfiguration
/// classes in its Persistence folder. Saving stamps record versions and appends the audit chain
/// in the same transaction as the change itself.
/// </summary>
public sealed class QuadrantDbContext : IdentityDbContext<QuadrantUser, QuadrantRole, Guid>, IDataProtectionKeyContext
{
    private const long AuditLockKey = 0x5155414452414E54; // "QUADRANT"
    private readonly TimeProvider time;
    private readonly ActorContext actor;

    public QuadrantDbContext(DbContextOptions<QuadrantDbContext> options, TimeProvider time, ActorContext actor)
        : base(options)
    {
        this.time = time;
        this.actor = actor;
    }

    /// <summary>The ASP.NET Core data-protection key ring (cookies, invitation tokens), shared by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(QuadrantDbContext).Assembly);
        foreach (var type in ProviderConfigurations)
        {
            ((IProviderModelConfiguration)Activator.CreateInstance(type, nonPublic: true)!).Configure(builder, IsPostgres);
        }
    }

    private static readonly Type[] ProviderConfigurations = typeof(QuadrantDbContext).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IProviderModelConfiguration).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Instants are stored as UTC DateTime (SQLite cannot order DateTimeOffset) and read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    /// <summary>
    /// Synchronous saves exist only for framework bookkeeping that is not audited (the data-protection
    /// key ring saves synchronously). An audited change must go through <see cref="SaveChangesAsync(bool, CancellationToken)"/>.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        ChangeTracker.DetectChanges();
        if (AuditCollector.Collect(ChangeTracker).Count > 0)
        {
            throw new NotSupportedException("Use SaveChangesAsync: audited changes append to the audit chain asynchronously.");
        }

        StampVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        StampVersions();
        var pending = AuditCollector.Collect(ChangeTracker);
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            await AppendAuditAsync(pending, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await AppendAuditAsync(pending, cancellationToken);
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private void StampVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Modified)
            {
                continue;
            }

            var version = entry.Metadata.FindProperty("Version");
            if (version is not null && version.IsConcurrencyToken && version.ClrType == typeof(int))
            {
                var property = entry.Property("Version");
                property.CurrentValue = (int)property.OriginalValue! + 1;
            }
        }
    }

    private async Task AppendAuditAsync(List<PendingAudit> pending, CancellationToken ct)
    {
        // Serialize writers of the chain. PostgreSQL: a transaction-scoped advisory lock, held across
        // nodes. SQLite: the transaction was begun IMMEDIATE, which already holds the write lock.
        // The unique index on Sequence is the last guard: a forked chain cannot be committed.
        if (IsPostgres)
        {
            await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditLockKey})", ct);
        }

        var last = await Set<AuditEntry>().AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? AuditEntry.GenesisHash;
        var now = time.UtcNow();
        foreach (var item in pending)
        {
            sequence++;
            var entry = AuditEntry.Create(sequence, now, actor.UserId, actor.Name, item.RecordType, item.RecordId, item.Action,
                AuditCollector.Serialize(item.Changes), previous);
            previous = entry.Hash;
            Set<AuditEntry>().Add(entry);
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
