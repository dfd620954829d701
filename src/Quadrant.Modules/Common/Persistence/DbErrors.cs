using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Quadrant.Modules.Common.Persistence;

public static class DbErrors
{
    /// <summary>True when the database refused the write because of a unique index.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
            _ => false,
        };
    }
}
