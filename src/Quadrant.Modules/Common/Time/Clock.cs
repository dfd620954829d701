namespace Quadrant.Modules.Common.Time;

public static class Clock
{
    /// <summary>
    /// The current instant as a UTC <see cref="DateTime"/>, truncated to whole microseconds so it
    /// round-trips unchanged through both SQLite and PostgreSQL (which keeps microseconds).
    /// </summary>
    public static DateTime UtcNow(this TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Truncate(time.GetUtcNow().UtcDateTime);
    }

    public static DateTime Truncate(DateTime value) =>
        new(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);
}
