using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Json;

/// <summary>Reading the scenario file: the format errors of rule 6, each naming its record, all of them collected.</summary>
public sealed class BillingScenarioJsonTests
{
    private const string Valid = """
        {"rateCards":[{"tier":"member","effectiveFrom":"2026-01-01T00:00:00+09:00","krwPerHour":{"cpu":30.50,"memoryGiB":4,"gpu":1200}}],
         "memberships":[{"member":"m-001","tier":"member","from":"2026-01-01T00:00:00+09:00","to":null}],
         "usage":[{"id":"u-1","member":"m-001","session":"s-1","start":"2026-11-03T09:00:00+09:00","end":"2026-11-03T11:30:00.250Z","cpu":2,"memoryGiB":4}],
         "credits":[{"member":"m-001","month":"2026-11","krw":5000,"reason":"data voucher"}]}
        """;

    [Fact]
    public void A_valid_file_reads_completely_with_the_default_time_zone_and_decimals_as_given()
    {
        var read = BillingScenarioJson.Read(Valid);

        Assert.True(read.IsComplete, string.Join("\n", read.Errors));
        var scenario = read.Scenario!;
        Assert.Equal("Asia/Seoul", scenario.TimeZone.Id);
        Assert.Equal("30.50", scenario.RateCards[0].KrwPerHour.Cpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2026-01-01T00:00:00+09:00", scenario.RateCards[0].EffectiveFromText);
        Assert.Null(scenario.Memberships[0].To);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 11, 30, 0, 250, TimeSpan.Zero), scenario.Usage[0].End);
        Assert.Equal(0m, scenario.Usage[0].Amounts.Gpu);
        Assert.Equal(new Credit("m-001", new BillingMonth(2026, 11), 5000, "data voucher"), scenario.Credits[0]);
    }

    [Fact]
    public void Every_malformed_field_is_reported_with_its_record()
    {
        const string json = """
            {"timeZone":"Asia/Seoul",
             "rateCards":[{"tier":"gold","effectiveFrom":"2026-01-01T00:00:00+09:00","krwPerHour":{"cpu":1,"memoryGiB":1,"gpu":1}},
                          {"tier":"member","effectiveFrom":"2026-01-01","krwPerHour":{"cpu":1,"memoryGiB":1}}],
             "memberships":[{"member":"m-001","tier":"member","from":"2026-01-01T00:00:00","to":"2026-13-01T00:00:00+09:00"}],
             "usage":[{"id":"u-7","member":"m-001","start":"2026-11-03 09:00:00+09:00","end":"2026-11-03T10:00:00+09:00","cpu":1},
                      {"member":"m-001","start":"2026-11-03T09:00:00+09:00","end":"2026-11-03T10:00:00+09:00","cpu":1}],
             "credits":[{"member":"m-001","month":"2026-1","krw":1},{"member":"m-001","month":"2026-11"}]}
            """;

        var read = BillingScenarioJson.Read(json);

        Assert.Equal(
            [
                "rateCards[0] (tier gold): unknown tier 'gold' (tiers are member and non_member)",
                "rateCards[1] (tier member): effectiveFrom '2026-01-01' is not an ISO 8601 time with an offset",
                "rateCards[1] (tier member): krwPerHour.cpu, krwPerHour.memoryGiB or krwPerHour.gpu is missing",
                "memberships[0] (member m-001): from '2026-01-01T00:00:00' is not an ISO 8601 time with an offset",
                "memberships[0] (member m-001): to '2026-13-01T00:00:00+09:00' is not an ISO 8601 time with an offset",
                "usage u-7: start '2026-11-03 09:00:00+09:00' is not an ISO 8601 time with an offset",
                "usage[1]: id is missing",
                "credits[0] (member m-001): month '2026-1' is not YYYY-MM",
                "credits[1] (member m-001): krw is missing",
            ],
            read.Errors.Select(e => e.ToString()));
        Assert.Equal(
            [
                BillingErrorKind.UnknownTier, BillingErrorKind.MalformedTime, BillingErrorKind.MissingField, BillingErrorKind.MalformedTime,
                BillingErrorKind.MalformedTime, BillingErrorKind.MalformedTime, BillingErrorKind.MissingField, BillingErrorKind.MalformedMonth,
                BillingErrorKind.MissingField,
            ],
            read.Errors.Select(e => e.Kind));
        Assert.Empty(read.Scenario!.Usage);
    }

    [Fact]
    public void An_unknown_tier_in_a_membership_is_reported()
    {
        var read = BillingScenarioJson.Read("""{"memberships":[{"member":"m-1","tier":"Member","from":"2026-01-01T00:00:00+09:00"}]}""");

        var error = Assert.Single(read.Errors);
        Assert.Equal((BillingErrorKind.UnknownTier, "memberships[0] (member m-1)"), (error.Kind, error.Record));
    }

    [Fact]
    public void An_unknown_time_zone_is_reported()
    {
        var error = Assert.Single(BillingScenarioJson.Read("""{"timeZone":"Mars/Olympus"}""").Errors);

        Assert.Equal("timeZone: unknown time zone 'Mars/Olympus'", error.ToString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"usage":{}}""")]
    [InlineData("null")]
    public void Text_that_is_not_a_scenario_is_one_malformed_input_error(string json)
    {
        var read = BillingScenarioJson.Read(json);

        Assert.Null(read.Scenario);
        Assert.Equal(BillingErrorKind.MalformedInput, Assert.Single(read.Errors).Kind);
    }

    [Fact]
    public void A_wrongly_typed_value_outside_usage_is_located_by_its_json_path()
    {
        var error = Assert.Single(BillingScenarioJson.Read("""{"credits":[{"member":"m-1","month":"2026-11","krw":1},{"member":"m-1","month":"2026-11","krw":"two"}]}""").Errors);

        Assert.Equal(BillingErrorKind.MalformedInput, error.Kind);
        Assert.Contains("$.credits[1].krw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrongly_typed_usage_fields_are_errors_of_their_record_and_reading_goes_on()
    {
        const string json = """
            {"usage":[
              {"id":"u-1","member":"m-1","start":"2026-11-03T09:00:00+09:00","end":"2026-11-03T10:00:00+09:00","cpu":"two","memoryGiB":{"x":1}},
              null,
              {"id":7,"member":"m-1","start":null,"end":"2026-11-03T10:00:00+09:00"},
              [],
              {"id":"u-\u0035","member":"m-\u0031","start":"2026-11-03T09:00:00+09:00","end":"2026-11-03T10:00:00+09:00","cpu":1,"extra":[1,{"a":2}]}
            ]}
            """;

        var read = BillingScenarioJson.Read(json);

        Assert.Equal(
            [
                "usage u-1: cpu is not a number",
                "usage u-1: memoryGiB is not a number",
                "usage[1]: is not an object",
                "usage[2]: id is not a string",
                "usage[2]: id is missing",
                "usage[2]: start is missing",
                "usage[3]: is not an object",
            ],
            read.Errors.Select(e => e.ToString()));
        var record = Assert.Single(read.Scenario!.Usage);
        Assert.Equal(("u-5", "m-1", 1m), (record.Id, record.MemberId, record.Amounts.Cpu));
    }

    [Fact]
    public void Usage_records_of_one_member_share_one_id_string()
    {
        const string json = """
            {"usage":[
              {"id":"u-1","member":"m-1","start":"2026-11-03T09:00:00+09:00","end":"2026-11-03T10:00:00+09:00"},
              {"id":"u-2","member":"m-1","start":"2026-11-03T09:00:00+09:00","end":"2026-11-03T10:00:00+09:00"}
            ]}
            """;

        var usage = BillingScenarioJson.Read(json).Scenario!.Usage;

        Assert.Same(usage[0].MemberId, usage[1].MemberId);
    }

    [Fact]
    public void Writing_and_reading_a_scenario_keeps_every_record()
    {
        var original = BillingScenarioJson.Read(Valid).Scenario!;

        var again = BillingScenarioJson.Read(BillingScenarioJson.ToJsonString(original)).Scenario!;

        Assert.Equal(original.RateCards, again.RateCards);
        Assert.Equal(original.Memberships, again.Memberships);
        Assert.Equal(original.Usage, again.Usage);
        Assert.Equal(original.Credits, again.Credits);
    }
}
