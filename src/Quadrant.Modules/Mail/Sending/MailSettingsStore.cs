using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Mail.Domain;

namespace Quadrant.Modules.Mail.Sending;

/// <summary>The settings in force: the row saved from the admin page, or (until one is saved) the configuration's Quadrant:Mail.</summary>
internal sealed class MailSettingsStore(QuadrantDbContext db, MailOptions options, IConfiguration configuration, TimeProvider time)
{
    public MailOptions Options => options;

    public async Task<MailSettings> LoadAsync(CancellationToken ct) =>
        await db.Set<MailSettings>().AsNoTracking().FirstOrDefaultAsync(ct) ?? MailSettings.From(options, time.UtcNow());

    /// <summary>Where links in mails point: Quadrant:PublicUrl, or the first URL the host listens on.</summary>
    public string PublicUrl =>
        (configuration["Quadrant:PublicUrl"] is { Length: > 0 } url ? url : (configuration["urls"] ?? "http://127.0.0.1:5080").Split(';')[0]).TrimEnd('/');

    public static string Domain(string fromAddress) =>
        fromAddress.LastIndexOf('@') is var at and > 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "quadrant.local";

    /// <summary>The id every mail about one record names in References, so mail clients keep them in one thread.</summary>
    public static string ThreadId(string reference, string domain) => $"quadrant.{reference}@{domain}";
}
