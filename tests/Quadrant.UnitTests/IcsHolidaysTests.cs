using Quadrant.Modules.Catalogue.Domain.Calendars;

namespace Quadrant.UnitTests;

public class IcsHolidaysTests
{
    private static string Ics(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Quadrant//Tests//EN\r\n" +
        string.Concat(events.Select((e, i) => $"BEGIN:VEVENT\r\nUID:{i}@test\r\n{e}\r\nEND:VEVENT\r\n")) + "END:VCALENDAR\r\n";

    [Fact]
    public void All_day_events_become_dated_holidays_and_yearly_rules_become_yearly_ones()
    {
        var (holidays, errors) = IcsHolidays.Parse(Ics(
            "DTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Christmas Day",
            "DTSTART;VALUE=DATE:20260525\r\nSUMMARY:Whit Monday",
            "DTSTART;VALUE=DATE:20261228\r\nDTEND;VALUE=DATE:20261231\r\nSUMMARY:Year-end closure"));
        Assert.Empty(errors);
        Assert.Equal(
        [
            new Holiday("Christmas Day", null, "12-25"),
            new Holiday("Whit Monday", "2026-05-25", null),
            new Holiday("Year-end closure", "2026-12-28", null),
            new Holiday("Year-end closure", "2026-12-29", null),
            new Holiday("Year-end closure", "2026-12-30", null),
        ], holidays);
    }

    [Theory]
    [InlineData("DTSTART:20260525T090000Z\r\nSUMMARY:Meeting", "time of day")]
    [InlineData("DTSTART;VALUE=DATE:20261126\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\r\nSUMMARY:Thanksgiving", "rule")]
    [InlineData("DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nSUMMARY:Three years", "rule")]
    [InlineData("DTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20260301\r\nSUMMARY:Too long", "days")]
    public void Unusable_events_are_named_not_guessed(string body, string expected)
    {
        var (_, errors) = IcsHolidays.Parse(Ics("DTSTART;VALUE=DATE:20260101\r\nSUMMARY:Fine", body));
        var (field, message) = Assert.Single(errors);
        Assert.Equal("events[1]", field);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not a calendar")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")]
    public void Malformed_or_empty_files_are_refused(string text)
    {
        var (holidays, errors) = IcsHolidays.Parse(text);
        Assert.Empty(holidays);
        Assert.Equal("body", Assert.Single(errors).Field);
    }
}
