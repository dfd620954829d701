using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Common.Auditing;

/// <summary>A change about to be saved, not yet placed in the chain.</summary>
internal sealed record PendingAudit(string RecordType, string RecordId, AuditAction Action, IReadOnlyList<FieldChange> Changes);

/// <summary>Turns the change tracker's added, modified and deleted entities into audit entries.</summary>
internal static class AuditCollector
{
    private const string Redacted = "(redacted)";

    // Identity's own types carry secrets and bookkeeping; their names are fixed by the framework.
    private static readonly HashSet<string> SecretIdentityFields = new(StringComparer.Ordinal)
    {
        nameof(IdentityUser<Guid>.PasswordHash),
        nameof(IdentityUser<Guid>.SecurityStamp),
    };

    private static readonly HashSet<string> NoisyIdentityFields = new(StringComparer.Ordinal)
    {
        nameof(IdentityUser<Guid>.NormalizedEmail),
        nameof(IdentityUser<Guid>.NormalizedUserName),
        nameof(IdentityRole<Guid>.NormalizedName),

        // Identity's optimistic-concurrency stamp: bookkeeping that changes on every save.
        nameof(IdentityUser<Guid>.ConcurrencyStamp),
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<PendingAudit> Collect(ChangeTracker tracker)
    {
        var result = new List<PendingAudit>();
        Dictionary<Guid, string>? roleNames = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var clrType = entry.Metadata.ClrType;
            if (clrType == typeof(AuditEntry))
            {
                // The log is append-only: only new entries may be written.
                if (entry.State != EntityState.Added)
                {
                    throw new InvalidOperationException("Audit entries are append-only and cannot be changed or deleted.");
                }

                continue;
            }

            if (clrType.GetCustomAttribute<NotAuditedEntityAttribute>() is not null ||
                clrType == typeof(IdentityUserToken<Guid>) || clrType == typeof(IdentityUserLogin<Guid>) ||
                clrType == typeof(IdentityUserClaim<Guid>) || clrType == typeof(IdentityRoleClaim<Guid>) ||
                clrType == typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey))
            {
                continue;
            }

            if (entry.Entity is IdentityUserRole<Guid> link && entry.State != EntityState.Modified)
            {
                // A role granted or withdrawn is part of the user's own history, named, not a record of its own.
                roleNames ??= tracker.Entries<QuadrantRole>().ToDictionary(r => r.Entity.Id, r => r.Entity.Name ?? r.Entity.Id.ToString());
                var role = roleNames.GetValueOrDefault(link.RoleId) ?? link.RoleId.ToString("D");
                result.Add(new PendingAudit(RecordType(typeof(QuadrantUser)), link.UserId.ToString("D"), AuditAction.Updated,
                    [entry.State == EntityState.Added ? new FieldChange("roles", null, "+" + role) : new FieldChange("roles", "-" + role, null)]));
                continue;
            }

            if (entry.Entity is IAuditedAsPartOf part && entry.State != EntityState.Modified)
            {
                result.Add(new PendingAudit(part.OwnerRecordType, part.OwnerRecordId.ToString("D"), AuditAction.Updated,
                    [entry.State == EntityState.Added ? new FieldChange(part.Field, null, "+" + part.Value) : new FieldChange(part.Field, "-" + part.Value, null)]));
                continue;
            }

            var changes = new List<FieldChange>();
            foreach (var property in entry.Properties)
            {
                var name = property.Metadata.Name;
                var info = property.Metadata.PropertyInfo;
                if (info?.GetCustomAttribute<NotAuditedAttribute>() is not null || NoisyIdentityFields.Contains(name))
                {
                    continue;
                }

                var secret = info?.GetCustomAttribute<AuditRedactedAttribute>() is not null ||
                             (IsIdentityType(clrType) && SecretIdentityFields.Contains(name));
                var field = JsonNamingPolicy.CamelCase.ConvertName(name);
                switch (entry.State)
                {
                    case EntityState.Added:
                        if (property.CurrentValue is not null)
                        {
                            changes.Add(new FieldChange(field, null, secret ? Redacted : Render(property.CurrentValue)));
                        }

                        break;
                    case EntityState.Deleted:
                        changes.Add(new FieldChange(field, secret ? Redacted : Render(property.OriginalValue), null));
                        break;
                    default:
                        if (property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
                        {
                            changes.Add(secret
                                ? new FieldChange(field, Redacted, Redacted)
                                : new FieldChange(field, Render(property.OriginalValue), Render(property.CurrentValue)));
                        }

                        break;
                }
            }

            // A modification that only touched unaudited fields leaves no entry.
            if (entry.State == EntityState.Modified && changes.All(c => c.Field == "version"))
            {
                continue;
            }

            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            };
            result.Add(new PendingAudit(RecordType(clrType), RecordId(entry), action, changes));
        }

        return result;
    }

    public static string Serialize(IReadOnlyList<FieldChange> changes) => JsonSerializer.Serialize(changes, Json);

    public static IReadOnlyList<FieldChange> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<FieldChange>>(json, Json) ?? [];

    public static string RecordType(Type clrType)
    {
        if (clrType.GetCustomAttribute<AuditRecordTypeAttribute>() is { } named)
        {
            return named.Name;
        }

        if (clrType == typeof(QuadrantUser))
        {
            return "User";
        }

        if (clrType == typeof(QuadrantRole))
        {
            return "Role";
        }

        return clrType.Name;
    }

    private static bool IsIdentityType(Type type) => type == typeof(QuadrantUser) || type == typeof(QuadrantRole);

    private static string RecordId(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return "";
        }

        return string.Join(':', key.Properties.Select(p => Render(entry.Property(p.Name).CurrentValue)));
    }

    internal static string? Render(object? value) => value switch
    {
        null => null,
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
