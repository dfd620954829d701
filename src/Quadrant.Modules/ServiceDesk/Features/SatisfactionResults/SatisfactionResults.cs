using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.SatisfactionResults;

public sealed record SatisfactionQuery(string? From = null, string? To = null, string? GroupBy = null);

public sealed record SatisfactionComment(string Reference, int Rating, string Comment, DateTime AnsweredAt);

/// <summary>One service's or agent's answers: count, average, how many gave 1..5 (index 0 is rating 1), the latest comments.</summary>
public sealed record SatisfactionGroup(Guid? Id, string Name, int Count, double? Average, IReadOnlyList<int> Distribution, IReadOnlyList<SatisfactionComment> Comments);

public sealed record SatisfactionReport(DateOnly From, DateOnly To, string GroupBy, SatisfactionGroup Overall, IReadOnlyList<SatisfactionGroup> Groups);

/// <summary>
/// Satisfaction survey results over a period (answers given from the start of <c>from</c> up to, not
/// including, <c>to</c>; UTC days, as SLA attainment counts), per service or per agent (who had the
/// incident when it closed).
/// </summary>
internal sealed class SatisfactionResultsHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public const int CommentsPerGroup = 20;

    public async Task<Outcome<SatisfactionReport>> Handle(SatisfactionQuery query, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.SatisfactionReaders))
        {
            return Problem.Forbidden("Survey results are for the service provider's staff.");
        }

        var check = new Check();
        var today = DateOnly.FromDateTime(time.UtcNow());
        var from = Date(check, query.From, "from") ?? today.AddDays(-29);
        var to = Date(check, query.To, "to") ?? today.AddDays(1);
        check.That(from < to, "to", "'to' is after 'from' (it is not included).")
            .That(to.DayNumber - from.DayNumber <= 3660, "to", "A period is at most ten years.");
        var groupBy = string.IsNullOrWhiteSpace(query.GroupBy) ? "service" : query.GroupBy.Trim();
        check.That(groupBy is "service" or "agent", "groupBy", "'groupBy' is service or agent.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var (start, end) = Range(from, to);
        var answered = db.Set<SurveyInvitation>().AsNoTracking().Where(s => s.AnsweredAt >= start && s.AnsweredAt < end && s.Rating != null);
        var counts = groupBy == "service"
            ? await answered.GroupBy(s => new { Key = (Guid?)s.ServiceId, s.Rating }).Select(g => new { g.Key.Key, g.Key.Rating, Count = g.Count() }).ToListAsync(ct)
            : await answered.GroupBy(s => new { Key = s.AgentId, s.Rating }).Select(g => new { g.Key.Key, g.Key.Rating, Count = g.Count() }).ToListAsync(ct);
        var latest = await answered.Where(s => s.Comment != null).OrderByDescending(s => s.AnsweredAt).Take(500)
            .Select(s => new { s.ServiceId, s.AgentId, s.Reference, s.Rating, s.Comment, s.AnsweredAt }).ToListAsync(ct);
        var comments = latest.Select(s => new { Key = groupBy == "service" ? (Guid?)s.ServiceId : s.AgentId, s.Reference, s.Rating, s.Comment, s.AnsweredAt }).ToList();

        var keys = counts.Select(c => c.Key).Distinct().ToList();
        var names = groupBy == "service"
            ? await catalogue.NamesAsync(keys.OfType<Guid>(), ct)
            : (await users.FindManyAsync(keys.OfType<Guid>(), ct)).ToDictionary(p => p.Key, p => p.Value.DisplayName);
        var groups = keys.Select(key => Group(key, key is { } k ? names.GetValueOrDefault(k, "(unknown)") : groupBy == "agent" ? "(no agent)" : "(no service)",
                counts.Where(c => c.Key == key).Select(c => (c.Rating!.Value, c.Count)),
                comments.Where(c => c.Key == key).Take(CommentsPerGroup).Select(c => new SatisfactionComment(c.Reference, c.Rating!.Value, c.Comment!, c.AnsweredAt!.Value))))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var overall = Group(null, "All", counts.Select(c => (c.Rating!.Value, c.Count)), []);
        return new SatisfactionReport(from, to, groupBy, overall, groups);
    }

    public static SatisfactionGroup Group(Guid? id, string name, IEnumerable<(int Rating, int Count)> counts, IEnumerable<SatisfactionComment> comments)
    {
        var distribution = new int[5];
        foreach (var (rating, count) in counts)
        {
            distribution[rating - 1] += count;
        }

        var total = distribution.Sum();
        double? average = total == 0 ? null : Math.Round(distribution.Select((n, i) => n * (i + 1.0)).Sum() / total, 2);
        return new SatisfactionGroup(id, name, total, average, distribution, comments.ToList());
    }

    public static (DateTime Start, DateTime End) Range(DateOnly from, DateOnly to) =>
        (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    private static DateOnly? Date(Check check, string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        check.Add(field, $"'{field}' is a date, yyyy-MM-dd.");
        return null;
    }

    public static string Csv(SatisfactionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.Append(report.GroupBy).Append(",id,answers,average,rated 1,rated 2,rated 3,rated 4,rated 5\r\n");
        foreach (var g in report.Groups.Append(report.Overall))
        {
            csv.Append(Field(g.Name)).Append(',').Append(g.Id?.ToString() ?? "").Append(',').Append(g.Count.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(g.Average?.ToString("0.00", CultureInfo.InvariantCulture) ?? "").Append(',')
                .Append(string.Join(',', g.Distribution.Select(n => n.ToString(CultureInfo.InvariantCulture)))).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>Quotes a text field; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    private static string Field(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}

/// <summary>The satisfaction figures other modules (reporting, the management system) read.</summary>
internal sealed class SatisfactionFigures(QuadrantDbContext db) : ISatisfaction
{
    public async Task<SatisfactionFigure> AverageAsync(DateTime from, DateTime to, Guid? serviceId, CancellationToken ct)
    {
        var answered = db.Set<SurveyInvitation>().AsNoTracking().Where(s => s.AnsweredAt >= from && s.AnsweredAt < to && s.Rating != null);
        if (serviceId is { } sid)
        {
            answered = answered.Where(s => s.ServiceId == sid);
        }

        var counts = await answered.GroupBy(s => s.Rating).Select(g => new { Rating = g.Key, Count = g.Count() }).ToListAsync(ct);
        var group = SatisfactionResultsHandler.Group(null, "", counts.Select(c => (c.Rating!.Value, c.Count)), []);
        return new SatisfactionFigure(group.Count, group.Average, group.Distribution);
    }
}

internal static class SatisfactionResultsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/surveys/results", async ([AsParameters] SatisfactionQuery query, SatisfactionResultsHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SatisfactionRead)
            .WithName("SurveyResults").WithTags("Surveys")
            .WithSummary("Satisfaction results over a period (from, to: yyyy-MM-dd UTC days, to not included; default the last 30 days) per service or agent (groupBy): count, average, distribution 1–5, latest comments")
            .Produces<SatisfactionReport>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/surveys/results.csv", async ([AsParameters] SatisfactionQuery query, SatisfactionResultsHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(r => Results.File(Encoding.UTF8.GetBytes(SatisfactionResultsHandler.Csv(r)), "text/csv; charset=utf-8",
                    $"satisfaction-{r.GroupBy}-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.csv")))
            .RequireAuthorization(Policies.SatisfactionRead)
            .WithName("SurveyResultsCsv").WithTags("Surveys")
            .WithSummary("The same results as CSV: one line per service or agent, and a last line for all")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
