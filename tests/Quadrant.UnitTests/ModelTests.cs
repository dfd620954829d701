using Microsoft.EntityFrameworkCore;

namespace Quadrant.UnitTests;

/// <summary>Fails when the model changed without a migration for either provider (run scripts/add-migration.sh).</summary>
public class ModelTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = Quadrant.Migrations.Sqlite.DesignTimeFactory.Create();
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes without a SQLite migration: run scripts/add-migration.sh <Name>.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = Quadrant.Migrations.Postgres.DesignTimeFactory.Create();
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes without a PostgreSQL migration: run scripts/add-migration.sh <Name>.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = Quadrant.Migrations.Sqlite.DesignTimeFactory.Create();
        using var postgres = Quadrant.Migrations.Postgres.DesignTimeFactory.Create();
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Names(sqlite), Names(postgres));
    }
}
