using System.Text;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Catalogue.Domain.Requirements;
using Quadrant.Modules.Catalogue.Features.PublishedCatalogue;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.UnitTests;

public class LineDiffTests
{
    private static string Render(IEnumerable<DiffLine> lines) =>
        string.Join("|", lines.Select(l => (l.Kind switch { DiffKind.Same => " ", DiffKind.Removed => "-", _ => "+" }) + l.Text));

    [Fact]
    public void Equal_texts_are_all_same_with_both_line_numbers()
    {
        var diff = LineDiff.Compare("a\nb\nc", "a\r\nb\r\nc\r\n");
        Assert.All(diff, l => Assert.Equal(DiffKind.Same, l.Kind));
        Assert.Equal([1, 2, 3], diff.Select(l => l.OldLine!.Value));
        Assert.Equal([1, 2, 3], diff.Select(l => l.NewLine!.Value));
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("", "a\nb", "+a|+b")]
    [InlineData("a\nb", "", "-a|-b")]
    [InlineData("a\nb\nc", "a\nc", " a|-b| c")]
    [InlineData("a\nc", "a\nb\nc", " a|+b| c")]
    [InlineData("a\nb\nc", "a\nx\nc", " a|-b|+x| c")]
    [InlineData("x\na\nb", "a\nb\ny", "-x| a| b|+y")]
    public void Small_diffs_are_the_shortest_edit(string before, string after, string expected)
    {
        Assert.Equal(expected, Render(LineDiff.Compare(before, after)));
    }

    [Fact]
    public void Applying_the_diff_gives_back_both_texts_and_the_edit_count_is_minimal()
    {
        var random = new Random(20);
        for (var round = 0; round < 200; round++)
        {
            var a = Enumerable.Range(0, random.Next(0, 30)).Select(_ => ((char)('a' + random.Next(0, 5))).ToString()).ToArray();
            var b = Enumerable.Range(0, random.Next(0, 30)).Select(_ => ((char)('a' + random.Next(0, 5))).ToString()).ToArray();
            var diff = LineDiff.Compare(string.Join('\n', a), string.Join('\n', b));
            Assert.Equal(a, diff.Where(l => l.Kind != DiffKind.Added).Select(l => l.Text));
            Assert.Equal(b, diff.Where(l => l.Kind != DiffKind.Removed).Select(l => l.Text));
            Assert.Equal(a.Length + b.Length - (2 * Lcs(a, b)), diff.Count(l => l.Kind != DiffKind.Same));
            Assert.Equal(Enumerable.Range(1, a.Length), diff.Where(l => l.OldLine is not null).Select(l => l.OldLine!.Value));
            Assert.Equal(Enumerable.Range(1, b.Length), diff.Where(l => l.NewLine is not null).Select(l => l.NewLine!.Value));
        }
    }

    [Fact]
    public void Very_different_long_texts_fall_back_to_remove_then_add()
    {
        var a = string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"old {i}"));
        var b = string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"new {i}"));
        var diff = LineDiff.Compare("same\n" + a, "same\n" + b);
        Assert.Equal(DiffKind.Same, diff[0].Kind);
        Assert.Equal(3000, diff.Count(l => l.Kind == DiffKind.Removed));
        Assert.Equal(3000, diff.Count(l => l.Kind == DiffKind.Added));
        Assert.Equal(DiffKind.Removed, diff[1].Kind);
        Assert.Equal(DiffKind.Added, diff[^1].Kind);
    }

    private static int Lcs(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        return table[0, 0];
    }
}

public class CatalogueExtensionRulesTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private static Service Live() => Service.Create("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Live, T0);

    [Fact]
    public void Requirement_versions_count_up_and_refuse_a_copy_of_the_latest()
    {
        var service = Live();
        var v1 = ServiceRequirementVersion.Next(service, null, "Summary", "Line 1\r\nLine 2", "first", null, "Ada", T0.AddHours(1));
        Assert.Equal(1, v1.Number);
        Assert.Equal("Line 1\nLine 2", v1.Body);
        Assert.Equal(T0.AddHours(1), service.UpdatedAt);
        var v2 = ServiceRequirementVersion.Next(service, v1, "Summary", "Line 1\nLine 2\nLine 3", "", null, "Ada", T0.AddHours(2));
        Assert.Equal(2, v2.Number);
        var copy = Assert.Throws<DomainRuleException>(() => ServiceRequirementVersion.Next(service, v2, "Summary", "Line 1\r\nLine 2\r\nLine 3", "", null, "Ada", T0));
        Assert.Equal("requirements.changed", copy.Rule);
        Assert.Equal("body", copy.Field);
        // A changed summary alone is a new version.
        Assert.Equal(3, ServiceRequirementVersion.Next(service, v2, "Better summary", "Line 1\nLine 2\nLine 3", "", null, "Ada", T0).Number);
    }

    [Fact]
    public void A_retired_service_gets_no_requirements_outcomes_or_offerings()
    {
        var service = Live();
        var offering = ServiceOffering.Create(service, "Mailbox", "", OfferingAudience.Everyone, true, "", "", T0);
        service.Retire(T0.AddDays(1));
        Assert.Equal("catalogue.retired-is-final",
            Assert.Throws<DomainRuleException>(() => ServiceRequirementVersion.Next(service, null, "S", "B", "", null, "Ada", T0)).Rule);
        Assert.Equal("catalogue.retired-is-final", Assert.Throws<DomainRuleException>(() => service.SetOutcomes(["x"], T0)).Rule);
        Assert.Equal("catalogue.retired-is-final",
            Assert.Throws<DomainRuleException>(() => ServiceOffering.Create(service, "X", "", OfferingAudience.Everyone, true, "", "", T0)).Rule);
        Assert.Equal("catalogue.retired-is-final",
            Assert.Throws<DomainRuleException>(() => offering.Update(service, "X", "", OfferingAudience.Everyone, true, "", "", T0)).Rule);
        Assert.Equal("catalogue.retired-is-final", Assert.Throws<DomainRuleException>(() => offering.EnsureRemovable(service)).Rule);
    }

    [Fact]
    public void An_offering_cannot_be_changed_through_another_service()
    {
        var offering = ServiceOffering.Create(Live(), "Mailbox", "", OfferingAudience.Everyone, true, "", "", T0);
        var other = Service.Create("Web", "", null, ServiceCriticality.Low, ServiceLifecycle.Live, T0);
        Assert.Equal("offering.of-service",
            Assert.Throws<DomainRuleException>(() => offering.Update(other, "X", "", OfferingAudience.Everyone, true, "", "", T0)).Rule);
    }

    [Fact]
    public void The_audience_and_its_customers_must_agree()
    {
        Assert.Null(ServiceOffering.AudienceProblem(OfferingAudience.Everyone, 0));
        Assert.Null(ServiceOffering.AudienceProblem(OfferingAudience.Customers, 2));
        Assert.NotNull(ServiceOffering.AudienceProblem(OfferingAudience.Everyone, 1));
        Assert.NotNull(ServiceOffering.AudienceProblem(OfferingAudience.Customers, 0));
    }

    [Fact]
    public void Outcomes_are_trimmed_and_checked_one_by_one()
    {
        var check = new Check();
        Assert.Equal(["One", "Two"], OutcomeRules.Clean([" One ", "Two"], check));
        Assert.True(check.IsValid);

        var bad = new Check();
        OutcomeRules.Clean(["One", null, "  ", "one", new string('x', 501)], bad);
        var errors = bad.ToProblem().Errors!;
        Assert.Equal(["outcomes[1]", "outcomes[2]", "outcomes[3]", "outcomes[4]"], errors.Keys.Order(StringComparer.Ordinal));

        var many = new Check();
        OutcomeRules.Clean(Enumerable.Range(0, 51).Select(i => (string?)$"O{i}").ToList(), many);
        Assert.True(many.ToProblem().Errors!.ContainsKey("outcomes"));
    }

    [Fact]
    public void Outcomes_round_trip_through_the_service()
    {
        var service = Live();
        service.SetOutcomes(["Mail \"everywhere\"", "Kept ten years"], T0.AddMinutes(1));
        Assert.Equal(["Mail \"everywhere\"", "Kept ten years"], service.OutcomeList());
        Assert.Equal(T0.AddMinutes(1), service.UpdatedAt);
    }

    [Theory]
    [InlineData(OfferingAudience.Everyone, null, false, true)]
    [InlineData(OfferingAudience.Customers, "rita@example.org", false, true)]
    [InlineData(OfferingAudience.Customers, " RITA@Example.org ", false, true)]
    [InlineData(OfferingAudience.Customers, "sam@example.org", false, false)]
    [InlineData(OfferingAudience.Customers, null, false, false)]
    [InlineData(OfferingAudience.Customers, "sam@example.org", true, true)]
    public void Requesters_see_restricted_offerings_only_as_contacts_of_those_customers(OfferingAudience audience, string? viewer, bool staff, bool sees)
    {
        Assert.Equal(sees, OfferingVisibility.CanSee(audience, ["rita@example.org", null], viewer, staff));
    }
}

public class CatalogueExportTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+49 30", "'+49 30")]
    [InlineData("-x", "'-x")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("=A1,B1", "\"'=A1,B1\"")]
    [InlineData("", "")]
    public void Csv_cells_are_quoted_when_needed_and_never_run_as_formulas(string value, string cell)
    {
        Assert.Equal(cell, CatalogueCsv.Cell(value));
    }

    [Fact]
    public void Csv_has_a_row_per_offering_and_one_for_a_service_without_offerings()
    {
        var catalogue = new PublishedCatalogueView(new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc),
        [
            new PublishedService(Guid.NewGuid(), "Mail", "Mailboxes", ServiceCriticality.High, "Sam", new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), "Fast mail",
                ["Mail anywhere", "Kept"], ["Finance", "Sales"],
                [
                    new PublishedOffering(Guid.NewGuid(), "New mailbox", "50 GB", OfferingAudience.Everyone, [], "Included", "1 day"),
                    new PublishedOffering(Guid.NewGuid(), "Archive", "", OfferingAudience.Customers, ["Finance"], "", ""),
                ]),
            new PublishedService(Guid.NewGuid(), "Wiki", "", ServiceCriticality.Low, null, null, null, [], [], []),
        ]);
        var bytes = CatalogueCsv.Write(catalogue);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(
        [
            string.Join(',', CatalogueCsv.Header),
            "Mail,high,Sam,2026-01-02,Mailboxes,Fast mail,Mail anywhere; Kept,Finance; Sales,New mailbox,50 GB,everyone,Included,1 day",
            "Mail,high,Sam,2026-01-02,Mailboxes,Fast mail,Mail anywhere; Kept,Finance; Sales,Archive,,customers: Finance,,",
            "Wiki,low,,,,,,,,,,,",
            "",
        ], lines);
    }

    [Fact]
    public void Missing_fonts_are_named()
    {
        var empty = Directory.CreateTempSubdirectory("quadrant-fonts");
        try
        {
            Assert.Equal(["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"], DejaVuFontResolver.Missing(empty.FullName));
            var reason = DejaVuFontResolver.Instance.Install(empty.FullName);
            Assert.NotNull(reason);
            Assert.Contains("fonts-dejavu-core", reason, StringComparison.Ordinal);
            Assert.Contains("DejaVuSans.ttf", reason, StringComparison.Ordinal);
            Assert.Contains("Quadrant:Pdf:FontDirectory", reason, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }
}
