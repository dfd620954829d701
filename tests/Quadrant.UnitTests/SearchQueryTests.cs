using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.Search.Domain;

namespace Quadrant.UnitTests;

public class SearchQueryTests
{
    [Theory]
    [InlineData("printer jam", "\"printer\" AND \"jam\"", "printer jam")]
    [InlineData("\"paper jam\" tray", "\"paper jam\" AND \"tray\"", "\"paper jam\" tray")]
    [InlineData("printer -toner", "(\"printer\") NOT \"toner\"", "printer -toner")]
    [InlineData("printer -\"paper jam\"", "(\"printer\") NOT \"paper jam\"", "printer -\"paper jam\"")]
    [InlineData("vpn or wifi slow", "(\"vpn\" OR \"wifi\") AND \"slow\"", "vpn or wifi slow")]
    [InlineData("INC-000123", "\"INC-000123\"", "INC-000123")]
    [InlineData("e-mail 10.0.0.1", "\"e-mail\" AND \"10.0.0.1\"", "e-mail 10.0.0.1")]
    [InlineData("the printer is broken", "\"printer\" AND \"broken\"", "printer broken")]
    [InlineData("foo(bar)", "\"foo\" AND \"bar\"", "foo bar")]
    [InlineData("NEAR(a b)", "\"NEAR\" AND \"b\"", "NEAR b")]
    [InlineData("title:printer", "\"title\" AND \"printer\"", "title printer")]
    [InlineData("printer*", "\"printer\"", "printer")]
    [InlineData("\"unclosed phrase here", "\"unclosed phrase here\"", "\"unclosed phrase here\"")]
    public void Input_is_rewritten_into_quoted_terms(string input, string fts5, string web)
    {
        var query = SearchQuery.Parse(input);
        Assert.Equal(fts5, query.ToFts5());
        Assert.Equal(web, query.ToWebSearch());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("\"\"")]
    [InlineData("AND OR (")]
    [InlineData("or")]
    [InlineData("-printer")]
    [InlineData("()[]{}*:^!?")]
    [InlineData("the and of")]
    [InlineData("\u0000\u0001\u0007")]
    public void Input_with_nothing_to_look_for_is_empty(string input) => Assert.True(SearchQuery.Parse(input).IsEmpty);

    [Fact]
    public void No_double_quote_from_the_input_survives_inside_a_term()
    {
        var query = SearchQuery.Parse("a\"b \"c\"\"d\" e\"\"\"f");
        foreach (var term in query.Groups.SelectMany(g => g).Concat(query.Excluded))
        {
            Assert.DoesNotContain('"', term.Text);
        }

        // Every term is one quoted string; nothing else but operators we wrote.
        Assert.Matches("^(\\(?\"[^\"]+\"\\)?( (AND|OR|NOT) )?)+$", query.ToFts5());
    }

    [Fact]
    public void As_typed_any_word_may_match_and_the_last_may_be_unfinished()
    {
        var query = SearchQuery.Parse("Outlook keeps asking for my passw", SearchMode.AnyWordAsTyped);
        Assert.Equal("passw", query.Prefix);
        Assert.Equal("(\"Outlook\" OR \"keeps\" OR \"asking\" OR \"passw\"*)", query.ToFts5());
        Assert.Equal("Outlook or keeps or asking", query.ToWebSearch());
        Assert.Equal("passw:*", query.ToPrefixTsQuery());

        Assert.Null(SearchQuery.Parse("printer ", SearchMode.AnyWordAsTyped).Prefix); // a space ends the word
        Assert.Null(SearchQuery.Parse("x", SearchMode.AnyWordAsTyped).Prefix); // too short to be a useful start
        Assert.Equal("\"vpn\"*", SearchQuery.Parse("vpn", SearchMode.AnyWordAsTyped).ToFts5());
        Assert.Equal("{Title Body} : (\"vpn\"*)", SearchQuery.Parse("vpn", SearchMode.AnyWordAsTyped).ToFts5(["Title", "Body"]));
    }

    [Fact]
    public void Long_input_is_cut_to_a_bounded_number_of_terms()
    {
        var query = SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}")));
        Assert.Equal(SearchQuery.MaxTerms, query.Groups.Count);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("\uE000printer\uE001 <b>jam</b>", "<mark>printer</mark> &lt;b&gt;jam&lt;/b&gt;")]
    [InlineData("<script>\uE000x\uE001</script>", "&lt;script&gt;<mark>x</mark>&lt;/script&gt;")]
    [InlineData("a \uE001stray\uE000 b", "a stray<mark> b</mark>")]
    [InlineData("\"quotes\" & 'apostrophes'", "&quot;quotes&quot; &amp; &#39;apostrophes&#39;")]
    public void Highlights_encode_the_text_first_and_only_then_insert_marks(string marked, string html) =>
        Assert.Equal(html, Highlight.ToHtml(marked));

    [Fact]
    public void Indexed_text_cannot_carry_the_engine_marks()
    {
        Assert.Equal("ab", SearchDocument.Clean("a\uE000b\uE001", 100));
        Assert.Equal("a b", SearchDocument.Clean("a\u0007b", 100));
        Assert.Equal(3, SearchDocument.Clean("abcdef", 3).Length);
    }

    [Fact]
    public void Every_role_but_requester_has_a_visibility_bit()
    {
        Assert.Equal(Roles.All.Count - 1, RoleBits.RolesWithBits.Count);
        Assert.DoesNotContain(Roles.Requester, RoleBits.RolesWithBits);
        Assert.Throws<ArgumentException>(() => RoleBits.Of([Roles.Requester]));
        Assert.Equal(0, RoleBits.OfUser([Roles.Requester]));
        Assert.NotEqual(0, RoleBits.Of(Policies.IncidentWorkers) & RoleBits.OfUser([Roles.Agent]));
        Assert.Equal(0, RoleBits.Of(Policies.IncidentWorkers) & RoleBits.OfUser([Roles.Auditor]));
    }
}
