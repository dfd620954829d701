using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.UnitTests;

public class ConventionsTests
{
    private sealed class Row
    {
        public Guid Id { get; init; }

        public string Name { get; init; } = "";

        public DateTime At { get; init; }

        public ServiceCriticality Level { get; init; }
    }

    private static Keyset<Row> Spec() => new Keyset<Row>(r => r.Id, "name")
        .Sort("name", r => r.Name)
        .Sort("at", r => r.At)
        .Sort("level", r => r.Level);

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public void Limit_outside_1_to_200_names_limit(string limit)
    {
        var outcome = Spec().Parse(limit, null, null);
        Assert.False(outcome.Succeeded);
        Assert.Equal(400, outcome.Problem!.Status);
        Assert.True(outcome.Problem.Errors!.ContainsKey("limit"));
    }

    [Fact]
    public void Defaults_are_25_rows_in_the_default_order()
    {
        var q = Spec().Parse(null, null, null).Value!;
        Assert.Equal(25, q.Limit);
        Assert.Equal("name", q.Field);
        Assert.False(q.Descending);
        Assert.Null(q.AfterKey);
    }

    [Fact]
    public void A_minus_prefix_sorts_descending_and_unknown_sorts_are_refused()
    {
        Assert.True(Spec().Parse(null, "-at", null).Value!.Descending);
        var bad = Spec().Parse(null, "owner", null);
        Assert.True(bad.Problem!.Errors!.ContainsKey("sort"));
    }

    [Theory]
    [InlineData("garbage!!")]
    [InlineData("eyJTIjoibmFtZSJ9")] // {"S":"name"} without an id
    [InlineData("e30")] // {}
    public void Damaged_cursors_name_cursor(string cursor)
    {
        var outcome = Spec().Parse(null, null, cursor);
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Problem!.Errors!.ContainsKey("cursor"));
    }

    [Fact]
    public void Overlong_cursor_is_refused()
    {
        var outcome = Spec().Parse(null, null, new string('a', 5000));
        Assert.True(outcome.Problem!.Errors!.ContainsKey("cursor"));
    }

    [Theory]
    [InlineData("\"3\"", 3)]
    [InlineData("W/\"12\"", 12)]
    [InlineData("7", 7)]
    public void IfMatch_accepts_our_etags(string header, int version)
    {
        Assert.Equal(version, ETags.Parse(header).Value);
        Assert.Equal($"\"{version}\"", ETags.For(version));
    }

    [Fact]
    public void Missing_IfMatch_is_428_and_garbage_is_400()
    {
        Assert.Equal(428, ETags.Parse(null).Problem!.Status);
        Assert.Equal(428, ETags.Parse("  ").Problem!.Status);
        var bad = ETags.Parse("\"abc\"").Problem!;
        Assert.Equal(400, bad.Status);
        Assert.True(bad.Errors!.ContainsKey("If-Match"));
        Assert.Equal(400, ETags.Parse("\"0\"").Problem!.Status);
    }

    [Theory]
    [InlineData("$.name", "name")]
    [InlineData("$.owner.name", "owner.name")]
    [InlineData("$['odd key']", "odd key")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    [InlineData("$.roles[2]", "roles[2]")]
    public void Json_paths_become_field_names(string? path, string field)
    {
        Assert.Equal(field, ApiExceptionHandler.FieldFromPath(path));
    }

    [Fact]
    public void Check_collects_every_invalid_field()
    {
        var problem = new Check()
            .Required("name", "  ", 10)
            .Required("code", new string('x', 11), 10)
            .Required<int>("count", null)
            .That(false, "other", "nope")
            .Result();
        Assert.NotNull(problem);
        Assert.Equal(["code", "count", "name", "other"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Null(new Check().Required("name", "ok", 10).Result());
    }

    [Fact]
    public void Rule_violations_map_to_409_with_the_rule_name()
    {
        var problem = ApiExceptionHandler.Classify(new DomainRuleException("catalogue.retired-is-final", "retired", "lifecycle"));
        Assert.Equal(409, problem.Status);
        Assert.Equal("catalogue.retired-is-final", problem.Rule);
        Assert.True(problem.Errors!.ContainsKey("lifecycle"));
        Assert.Equal(500, ApiExceptionHandler.Classify(new InvalidOperationException()).Status);
    }
}

public class AuditHashTests
{
    private static AuditEntry Entry(long seq = 1, string changes = "[]", string previous = AuditEntry.GenesisHash) =>
        AuditEntry.Create(seq, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1230), Guid.Parse("11111111-1111-1111-1111-111111111111"),
            "ada@example.com", "Service", "abc", AuditAction.Updated, changes, previous);

    [Fact]
    public void The_hash_is_stable_for_the_same_content()
    {
        var e = Entry();
        Assert.Equal(64, e.Hash.Length);
        Assert.Equal(e.Hash, e.ComputeHash());
    }

    [Fact]
    public void Any_field_change_changes_the_hash()
    {
        var a = Entry();
        Assert.NotEqual(a.ComputeHash(), Entry(seq: 2).ComputeHash());
        Assert.NotEqual(Entry(changes: "[1]").Hash, Entry(changes: "[2]").Hash);
        Assert.NotEqual(Entry(previous: new string('a', 64)).Hash, Entry(previous: new string('b', 64)).Hash);
    }

    [Fact]
    public void Values_render_invariantly_for_the_changes_json()
    {
        Assert.Equal("2026-01-02T03:04:05.000123Z", AuditCollector.Render(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1230)));
        Assert.Equal("critical", AuditCollector.Render(ServiceCriticality.Critical));
        Assert.Equal("true", AuditCollector.Render(true));
        Assert.Null(AuditCollector.Render(null));
        Assert.Equal("1.5", AuditCollector.Render(1.5m));
    }

    [Fact]
    public void Changes_round_trip_through_json()
    {
        var json = AuditCollector.Serialize([new FieldChange("name", "a", "b"), new FieldChange("owner", null, "x")]);
        var back = AuditCollector.Deserialize(json);
        Assert.Equal(2, back.Count);
        Assert.Equal(new FieldChange("name", "a", "b"), back[0]);
    }
}
