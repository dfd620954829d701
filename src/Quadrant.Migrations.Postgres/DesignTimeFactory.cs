using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Migrations.Postgres;

/// <summary>Lets dotnet-ef build the model for Postgres without starting the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<QuadrantDbContext>
{
    public QuadrantDbContext CreateDbContext(string[] args) => Create();

    public static QuadrantDbContext Create()
    {
        var options = new DbContextOptionsBuilder<QuadrantDbContext>();
        options.UseNpgsql("Host=localhost;Database=design_time", s => s.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
        return new QuadrantDbContext(options.Options, TimeProvider.System, new ActorContext());
    }
}
