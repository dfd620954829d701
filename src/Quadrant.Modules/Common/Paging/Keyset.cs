using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;

namespace Quadrant.Modules.Common.Paging;

/// <summary>One page of a list and the opaque cursor of the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor, int Limit, string Sort);

/// <summary>A parsed, validated page request.</summary>
public sealed record PageQuery(int Limit, string Sort, string Field, bool Descending, object? AfterKey, Guid? AfterId);

/// <summary>
/// Keyset (cursor) pagination over an indexed sort key with the record id as tie-breaker.
/// Each list declares the sort keys it allows; every one must be backed by an index.
/// </summary>
public sealed class Keyset<T>
    where T : class
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 200;

    private static readonly MethodInfo StringCompare =
        typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    private readonly Dictionary<string, (LambdaExpression Key, Type KeyType, Func<T, object> Get)> fields = new(StringComparer.Ordinal);
    private readonly Expression<Func<T, Guid>> id;
    private readonly Func<T, Guid> getId;
    private readonly string defaultSort;

    public Keyset(Expression<Func<T, Guid>> id, string defaultSort)
    {
        ArgumentNullException.ThrowIfNull(id);
        this.id = id;
        getId = id.Compile();
        this.defaultSort = defaultSort;
    }

    public IReadOnlyCollection<string> SortNames => fields.Keys;

    public Keyset<T> Sort<TKey>(string name, Expression<Func<T, TKey>> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var compiled = key.Compile();
        fields[name] = (key, typeof(TKey), x => compiled(x)!);
        return this;
    }

    /// <summary>Validates limit, sort and cursor; every problem names its query parameter.</summary>
    public Outcome<PageQuery> Parse(string? limit, string? sort, string? cursor)
    {
        var size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) &&
            (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxLimit))
        {
            return Problem.Invalid("limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }

        var sortText = string.IsNullOrWhiteSpace(sort) ? defaultSort : sort.Trim();
        var descending = sortText.StartsWith('-');
        var field = descending ? sortText[1..] : sortText;
        if (!fields.TryGetValue(field, out var spec))
        {
            var allowed = string.Join(", ", fields.Keys.Order(StringComparer.Ordinal));
            return Problem.Invalid("sort", $"'sort' must be one of {allowed}, optionally prefixed with '-' for descending order.");
        }

        if (string.IsNullOrEmpty(cursor))
        {
            return new PageQuery(size, sortText, field, descending, null, null);
        }

        if (!TryDecode(cursor, out var data) || data is null || data.S != sortText || data.I is null)
        {
            return Problem.Invalid("cursor", "'cursor' is not a cursor returned by this list with the same sort. Start again without a cursor.");
        }

        if (!TryParseKey(data.V, spec.KeyType, out var key))
        {
            return Problem.Invalid("cursor", "'cursor' is damaged. Start again without a cursor.");
        }

        return new PageQuery(size, sortText, field, descending, key, data.I);
    }

    /// <summary>Runs the query for one page and maps each row.</summary>
    public async Task<Page<TOut>> ToPageAsync<TOut>(IQueryable<T> source, PageQuery page, Func<T, TOut> map, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(map);
        var spec = fields[page.Field];
        var rows = await Apply(source, page, spec.Key, spec.KeyType).Take(page.Limit + 1).ToListAsync(ct);
        string? next = null;
        if (rows.Count > page.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = Encode(new CursorData(page.Sort, FormatKey(spec.Get(last)), getId(last)));
        }

        return new Page<TOut>(rows.Select(map).ToList(), next, page.Limit, page.Sort);
    }

    private IQueryable<T> Apply(IQueryable<T> source, PageQuery page, LambdaExpression keyLambda, Type keyType)
    {
        var x = Expression.Parameter(typeof(T), "x");
        var key = new Rebind(keyLambda.Parameters[0], x).Visit(keyLambda.Body);
        var idExpr = new Rebind(id.Parameters[0], x).Visit(id.Body);
        var comparable = keyType.IsEnum ? Expression.Convert(key, Enum.GetUnderlyingType(keyType)) : key;

        if (page.AfterKey is not null && page.AfterId is not null)
        {
            var keyValue = Parameter(keyType.IsEnum ? Convert.ChangeType(page.AfterKey, Enum.GetUnderlyingType(keyType), CultureInfo.InvariantCulture) : page.AfterKey,
                comparable.Type);
            var idValue = Parameter(page.AfterId.Value, typeof(Guid));
            var beyond = Compare(comparable, keyValue, page.Descending);
            var tie = Expression.AndAlso(Expression.Equal(comparable, keyValue),
                page.Descending ? Expression.LessThan(idExpr, idValue) : Expression.GreaterThan(idExpr, idValue));
            var predicate = Expression.Lambda<Func<T, bool>>(Expression.OrElse(beyond, tie), x);
            source = source.Where(predicate);
        }

        var keyOrder = Expression.Lambda(key, x);
        var idOrder = Expression.Lambda(idExpr, x);
        var ordered = Expression.Call(typeof(Queryable), page.Descending ? nameof(Queryable.OrderByDescending) : nameof(Queryable.OrderBy),
            [typeof(T), key.Type], source.Expression, Expression.Quote(keyOrder));
        var then = Expression.Call(typeof(Queryable), page.Descending ? nameof(Queryable.ThenByDescending) : nameof(Queryable.ThenBy),
            [typeof(T), typeof(Guid)], ordered, Expression.Quote(idOrder));
        return source.Provider.CreateQuery<T>(then);
    }

    private static Expression Compare(Expression key, Expression value, bool descending)
    {
        if (key.Type == typeof(string))
        {
            var call = Expression.Call(StringCompare, key, value);
            return descending ? Expression.LessThan(call, Expression.Constant(0)) : Expression.GreaterThan(call, Expression.Constant(0));
        }

        return descending ? Expression.LessThan(key, value) : Expression.GreaterThan(key, value);
    }

    // A member access on a closure object, so EF sends the value as a SQL parameter, not a literal.
    private static MemberExpression Parameter(object value, Type type)
    {
        var holderType = typeof(KeysetValue<>).MakeGenericType(type);
        var holder = Activator.CreateInstance(holderType, value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    private static string FormatKey(object key) => key switch
    {
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? "",
    };

    private static bool TryParseKey(string? text, Type type, out object? value)
    {
        value = null;
        if (text is null)
        {
            return false;
        }

        if (type == typeof(string))
        {
            value = text;
            return true;
        }

        if (type == typeof(DateTime) &&
            DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d))
        {
            value = DateTime.SpecifyKind(d, DateTimeKind.Utc);
            return true;
        }

        if (type == typeof(DateOnly) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            value = day;
            return true;
        }

        if (type == typeof(int) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            value = i;
            return true;
        }

        if (type == typeof(long) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            return true;
        }

        if (type.IsEnum && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) &&
            Enum.IsDefined(type, Enum.ToObject(type, e)))
        {
            value = Enum.ToObject(type, e);
            return true;
        }

        if (type == typeof(Guid) && Guid.TryParse(text, out var g))
        {
            value = g;
            return true;
        }

        return false;
    }

    private static string Encode(CursorData data)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(data);
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static bool TryDecode(string cursor, out CursorData? data)
    {
        data = null;
        if (cursor.Length > 1024)
        {
            return false;
        }

        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var bytes = Convert.FromBase64String(base64);
            data = JsonSerializer.Deserialize<CursorData>(Encoding.UTF8.GetString(bytes));
            return data is not null;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record CursorData(string S, string? V, Guid? I);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>Carries a cursor value into a query so EF Core sends it as a parameter.</summary>
internal sealed class KeysetValue<TValue>(TValue value)
{
    public TValue Value { get; } = value;
}
