using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.Attainment;

public enum AttainmentGroup
{
    Agreement = 1,
    Service = 2,
    Customer = 3,
    Priority = 4,
    Metric = 5,
}

public enum TrendInterval
{
    Day = 1,
    Week = 2,
    Month = 3,
}

/// <summary>Query of the attainment report. Period: [from, to) in UTC dates; filters narrow the clocks measured.</summary>
public sealed record AttainmentQuery(
    string? From = null,
    string? To = null,
    string? GroupBy = null,
    string? Interval = null,
    string? AgreementId = null,
    string? ServiceId = null,
    string? CustomerId = null,
    string? Priority = null,
    string? Metric = null,
    string? Breached = null,
    string? Limit = null,
    string? Cursor = null);

public sealed record AttainmentRow(string Key, string Name, int Measured, int Met, int Breached, double? AttainmentPercent);

public sealed record AttainmentReport(DateOnly From, DateOnly To, AttainmentGroup GroupBy, IReadOnlyList<AttainmentRow> Rows, AttainmentRow Total);

public sealed record TrendPoint(DateOnly PeriodStart, int Measured, int Met, int Breached, double? AttainmentPercent);

public sealed record AttainmentTrend(DateOnly From, DateOnly To, TrendInterval Interval, IReadOnlyList<TrendPoint> Points);

internal sealed record ParsedAttainment(
    DateTime From, DateTime To, AttainmentGroup Group, TrendInterval Interval, Guid? AgreementId, Guid? ServiceId, Guid? CustomerId,
    List<int> Priorities, List<ClockMetric> Metrics, bool? Breached);

/// <summary>
/// SLA attainment. A clock is measured once, when its outcome is certain: a breached clock at the
/// instant it breached (even while still open), a clock that met its target when it stopped. Open
/// clocks that have not breached are not measured yet. Attainment = met / measured.
/// </summary>
internal sealed class AttainmentHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public const int MaxDays = 3 * 366;

    internal static readonly Keyset<ClockRecord> Keyset = new Keyset<ClockRecord>(c => c.Id, "startedAt")
        .Sort("startedAt", c => c.StartedAt);

    public async Task<Outcome<AttainmentReport>> Report(AttainmentQuery query, CancellationToken ct)
    {
        var parsed = Parse(query);
        if (!parsed.Succeeded)
        {
            return parsed.Problem!;
        }

        var p = parsed.Value!;
        var rows = await Measured(p).Select(c => new { c.AgreementId, c.ServiceId, c.CustomerId, c.Priority, c.Metric, c.Breached })
            .ToListAsync(ct);
        var groups = rows.GroupBy(r => p.Group switch
        {
            AttainmentGroup.Agreement => r.AgreementId.ToString(),
            AttainmentGroup.Service => r.ServiceId.ToString(),
            AttainmentGroup.Customer => r.CustomerId?.ToString() ?? "",
            AttainmentGroup.Priority => r.Priority.ToString(CultureInfo.InvariantCulture),
            _ => r.Metric.ToString(),
        }).ToList();
        var names = await NamesAsync(p.Group, groups.Select(g => g.Key).ToList(), ct);
        var result = groups
            .Select(g => Row(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Count(), g.Count(r => !r.Breached)))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        return new AttainmentReport(DateOnly.FromDateTime(p.From), DateOnly.FromDateTime(p.To), p.Group, result,
            Row("total", "Total", rows.Count, rows.Count(r => !r.Breached)));
    }

    public async Task<Outcome<AttainmentTrend>> Trend(AttainmentQuery query, CancellationToken ct)
    {
        var parsed = Parse(query);
        if (!parsed.Succeeded)
        {
            return parsed.Problem!;
        }

        var p = parsed.Value!;
        var rows = await Measured(p).Select(c => new { c.Breached, c.BreachedAt, c.StoppedAt }).ToListAsync(ct);
        var buckets = new SortedDictionary<DateOnly, (int Measured, int Met)>();
        for (var start = PeriodStart(DateOnly.FromDateTime(p.From), p.Interval); start.ToDateTime(TimeOnly.MinValue) < p.To; start = Next(start, p.Interval))
        {
            buckets[start] = (0, 0);
        }

        foreach (var r in rows)
        {
            var at = r.Breached ? r.BreachedAt!.Value : r.StoppedAt!.Value;
            var key = PeriodStart(DateOnly.FromDateTime(at), p.Interval);
            var (measured, met) = buckets.GetValueOrDefault(key);
            buckets[key] = (measured + 1, met + (r.Breached ? 0 : 1));
        }

        return new AttainmentTrend(DateOnly.FromDateTime(p.From), DateOnly.FromDateTime(p.To), p.Interval,
            buckets.Select(b => new TrendPoint(b.Key, b.Value.Measured, b.Value.Met, b.Value.Measured - b.Value.Met, Percent(b.Value.Measured, b.Value.Met))).ToList());
    }

    /// <summary>The measured clocks behind a figure (drill-down), oldest start first.</summary>
    public async Task<Outcome<Page<ClockState>>> Records(AttainmentQuery query, CancellationToken ct)
    {
        var parsed = Parse(query);
        if (!parsed.Succeeded)
        {
            return parsed.Problem!;
        }

        var page = Keyset.Parse(query.Limit, null, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var clocks = Measured(parsed.Value!);
        var result = await Keyset.ToPageAsync(clocks.AsNoTracking(), page.Value!, c => c, ct);
        var ids = result.Items.Select(c => c.AgreementId).Distinct().ToList();
        var names = await db.Set<Agreement>().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return new Page<ClockState>(result.Items.Select(c => SlaClockService.ToState(c, names.GetValueOrDefault(c.AgreementId, ""))).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }

    public static string Csv(AttainmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.Append("group,key,name,measured,met,breached,attainment_percent\r\n");
        foreach (var r in report.Rows.Append(report.Total))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Cell(report.GroupBy.ToString().ToLowerInvariant())},{Cell(r.Key)},{Cell(r.Name)},{r.Measured},{r.Met},{r.Breached},{r.AttainmentPercent?.ToString("0.##", CultureInfo.InvariantCulture)}\r\n");
        }

        return csv.ToString();
    }

    /// <summary>Quotes a CSV cell when needed, and neutralizes text a spreadsheet would run as a formula.</summary>
    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static AttainmentRow Row(string key, string name, int measured, int met) =>
        new(key, name, measured, met, measured - met, Percent(measured, met));

    private static double? Percent(int measured, int met) => measured == 0 ? null : Math.Round(100.0 * met / measured, 2);

    private static DateOnly PeriodStart(DateOnly day, TrendInterval interval) => interval switch
    {
        TrendInterval.Day => day,
        TrendInterval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    private static DateOnly Next(DateOnly start, TrendInterval interval) => interval switch
    {
        TrendInterval.Day => start.AddDays(1),
        TrendInterval.Week => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    private IQueryable<ClockRecord> Measured(ParsedAttainment p)
    {
        var (from, to) = (p.From, p.To);
        var clocks = db.Set<ClockRecord>().AsNoTracking()
            .Where(c => (c.Breached && c.BreachedAt >= from && c.BreachedAt < to)
                        || (!c.Breached && c.Status == ClockStatus.Stopped && c.StoppedAt >= from && c.StoppedAt < to));
        if (p.AgreementId is { } a)
        {
            clocks = clocks.Where(c => c.AgreementId == a);
        }

        if (p.ServiceId is { } s)
        {
            clocks = clocks.Where(c => c.ServiceId == s);
        }

        if (p.CustomerId is { } cu)
        {
            clocks = clocks.Where(c => c.CustomerId == cu);
        }

        if (p.Priorities.Count > 0)
        {
            clocks = clocks.Where(c => p.Priorities.Contains(c.Priority));
        }

        if (p.Metrics.Count > 0)
        {
            clocks = clocks.Where(c => p.Metrics.Contains(c.Metric));
        }

        if (p.Breached is { } b)
        {
            clocks = clocks.Where(c => c.Breached == b);
        }

        return clocks;
    }

    private async Task<Dictionary<string, string>> NamesAsync(AttainmentGroup group, List<string> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => Guid.TryParse(k, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        return group switch
        {
            AttainmentGroup.Agreement => (await db.Set<Agreement>().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
                .ToDictionary(x => x.Id.ToString(), x => x.Name),
            AttainmentGroup.Service => (await db.Set<Service>().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
                .ToDictionary(x => x.Id.ToString(), x => x.Name),
            AttainmentGroup.Customer => (await db.Set<Customer>().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
                .ToDictionary(x => x.Id.ToString(), x => x.Name)
                .Append(new KeyValuePair<string, string>("", "(no customer)")).ToDictionary(x => x.Key, x => x.Value),
            AttainmentGroup.Priority => keys.ToDictionary(k => k, k => $"P{k}"),
            _ => keys.ToDictionary(k => k, k => k == nameof(ClockMetric.FirstResponse) ? "First response" : "Resolution"),
        };
    }

    private Outcome<ParsedAttainment> Parse(AttainmentQuery q)
    {
        if (!actor.IsInAnyRole(Policies.SlaReaders))
        {
            return Problem.Forbidden("SLA attainment is for service staff.");
        }

        var check = new Check();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = ParseDate(q.From, "from", new DateOnly(today.Year, today.Month, 1), check);
        var to = ParseDate(q.To, "to", new DateOnly(today.Year, today.Month, 1).AddMonths(1), check);
        if (check.IsValid && to <= from)
        {
            check.Add("to", "'to' must be after 'from' (the period is from 'from' up to, not including, 'to').");
        }

        if (check.IsValid && to.DayNumber - from.DayNumber > MaxDays)
        {
            check.Add("to", $"A period is at most {MaxDays} days.");
        }

        var group = ParseEnum(q.GroupBy, "groupBy", AttainmentGroup.Agreement, check);
        var interval = ParseEnum(q.Interval, "interval", TrendInterval.Month, check);
        var agreement = check.Id(q.AgreementId, "agreementId");
        var service = check.Id(q.ServiceId, "serviceId");
        var customer = check.Id(q.CustomerId, "customerId");
        var priorities = check.Numbers(q.Priority, "priority", 1, AgreementTerms.MaxPriority, "priorities");
        var metrics = check.Enums<ClockMetric>(q.Metric, "metric");
        var breached = check.Flag(q.Breached, "breached");

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        return new ParsedAttainment(from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), group, interval,
            agreement, service, customer, priorities, metrics, breached);
    }

    private static DateOnly ParseDate(string? text, string field, DateOnly fallback, Check check)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        check.Add(field, $"'{field}' must be a date such as 2026-11-01.");
        return fallback;
    }

    private static T ParseEnum<T>(string? text, string field, T fallback, Check check)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsDigit(text.Trim()[0]))
        {
            return value;
        }

        check.Add(field, $"'{field}' must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => JsonCamel(n)))}.");
        return fallback;
    }

    private static string JsonCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

internal static class AttainmentEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/sla/attainment", async ([AsParameters] AttainmentQuery query, AttainmentHandler handler, CancellationToken ct) =>
                (await handler.Report(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SlaRead)
            .WithName("SlaAttainment").WithTags("SLA attainment")
            .WithSummary("Measured, met, breached and attainment % per agreement, service, customer, priority or metric over [from, to)")
            .Produces<AttainmentReport>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/sla/attainment/trend", async ([AsParameters] AttainmentQuery query, AttainmentHandler handler, CancellationToken ct) =>
                (await handler.Trend(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SlaRead)
            .WithName("SlaAttainmentTrend").WithTags("SLA attainment")
            .WithSummary("Attainment per day, week (Monday) or month over [from, to), with the same filters")
            .Produces<AttainmentTrend>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/sla/attainment/records", async ([AsParameters] AttainmentQuery query, AttainmentHandler handler, CancellationToken ct) =>
                (await handler.Records(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SlaRead)
            .WithName("SlaAttainmentRecords").WithTags("SLA attainment")
            .WithSummary("The measured clocks behind a figure (drill-down; filters as the report, plus breached=true|false)")
            .Produces<Page<ClockState>>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/sla/attainment.csv", async ([AsParameters] AttainmentQuery query, AttainmentHandler handler, CancellationToken ct) =>
                (await handler.Report(query, ct)).Map(r => Results.File(Encoding.UTF8.GetBytes(AttainmentHandler.Csv(r)), "text/csv; charset=utf-8",
                    $"sla-attainment-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.csv")))
            .RequireAuthorization(Policies.SlaRead)
            .WithName("SlaAttainmentCsv").WithTags("SLA attainment")
            .WithSummary("The attainment report as CSV")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/sla/attainment.xlsx", async ([AsParameters] AttainmentQuery query, AttainmentHandler handler, CancellationToken ct) =>
                (await handler.Report(query, ct)).Map(r => Results.File(AttainmentWorkbook.Build(r), AttainmentWorkbook.ContentType,
                    $"sla-attainment-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.xlsx")))
            .RequireAuthorization(Policies.SlaRead)
            .WithName("SlaAttainmentXlsx").WithTags("SLA attainment")
            .WithSummary("The attainment report as an Excel workbook")
            .Produces(StatusCodes.Status200OK, contentType: AttainmentWorkbook.ContentType).ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
