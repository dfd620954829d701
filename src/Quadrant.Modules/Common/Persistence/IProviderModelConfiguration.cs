using Microsoft.EntityFrameworkCore;

namespace Quadrant.Modules.Common.Persistence;

/// <summary>
/// Model configuration that differs by database provider (for example PostgreSQL's full-text columns, which
/// SQLite has no type for). Implementations in Quadrant.Modules are found and applied by the DbContext after the
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes, so each provider's generated migrations carry their part.
/// </summary>
public interface IProviderModelConfiguration
{
    void Configure(ModelBuilder builder, bool isPostgres);
}
