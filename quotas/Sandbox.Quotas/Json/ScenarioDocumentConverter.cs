namespace Sandbox.Quotas;

/// <summary>
/// Turns the file's records into the engine's, collecting an error for every field that is missing or
/// malformed (rule 6: malformed times and months, unknown tiers) and keeping every record that converts.
/// </summary>
internal sealed class ScenarioDocumentConverter(MemberIdPool memberIds)
{
    private readonly List<BillingError> _errors = [];

    /// <param name="document">The file as read.</param>
    /// <param name="usageErrors">What <see cref="UsageRecordReader"/> found wrong while reading the usage records.</param>
    public ScenarioReadResult Convert(ScenarioDocument document, IReadOnlyList<BillingError> usageErrors)
    {
        // Errors come in the file's order of sections: rate cards, memberships, usage, credits.
        var zone = ConvertTimeZone(document.TimeZone);
        var rateCards = ConvertAll(document.RateCards, "rateCards", ConvertRateCard);
        var memberships = ConvertAll(document.Memberships, "memberships", ConvertMembership);
        _errors.AddRange(usageErrors);
        var usage = document.Usage is null ? [] : document.Usage.OfType<UsageRecord>().ToArray();
        var credits = ConvertAll(document.Credits, "credits", ConvertCredit);
        var scenario = new BillingScenario(zone ?? TimeZoneInfo.Utc, rateCards, memberships, usage, credits);
        return new ScenarioReadResult(scenario, _errors);
    }

    private TimeZoneInfo? ConvertTimeZone(string? id)
    {
        id ??= BillingScenario.DefaultTimeZoneId;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            _errors.Add(new BillingError(BillingErrorKind.UnknownTimeZone, RecordNames.TimeZone, $"unknown time zone '{id}'"));
            return null;
        }
    }

    private T[] ConvertAll<TDocument, T>(List<TDocument?>? documents, string listName, Func<TDocument, int, T?> convert)
        where TDocument : class
        where T : class
    {
        if (documents is null)
        {
            return [];
        }

        var converted = new List<T>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is not { } document)
            {
                _errors.Add(new BillingError(BillingErrorKind.MalformedInput, $"{listName}[{i}]", "is null"));
                continue;
            }

            if (convert(document, i) is { } record)
            {
                converted.Add(record);
            }
        }

        return converted.ToArray();
    }

    private RateCard? ConvertRateCard(RateCardDocument document, int index)
    {
        var name = RecordNames.RateCard(index, document.Tier);
        var tier = RequireTier(document.Tier, name);
        var from = RequireInstant(document.EffectiveFrom, "effectiveFrom", name);
        ResourceAmounts? rates = null;
        if (document.KrwPerHour is not { } given)
        {
            Missing(name, "krwPerHour");
        }
        else if (given.Cpu is not { } cpu || given.MemoryGiB is not { } memory || given.Gpu is not { } gpu)
        {
            Missing(name, "krwPerHour.cpu, krwPerHour.memoryGiB or krwPerHour.gpu");
        }
        else
        {
            rates = new ResourceAmounts(cpu, memory, gpu);
        }

        return tier is { } t && from is { } f && rates is { } r
            ? new RateCard(t, f, r) { EffectiveFromAsGiven = document.EffectiveFrom }
            : null;
    }

    private Membership? ConvertMembership(MembershipDocument document, int index)
    {
        var name = RecordNames.Membership(index, document.Member);
        var member = RequireText(document.Member, "member", name);
        var tier = RequireTier(document.Tier, name);
        var from = RequireInstant(document.From, "from", name);
        DateTimeOffset? to = null;
        var toValid = true;
        if (document.To is not null)
        {
            to = RequireInstant(document.To, "to", name);
            toValid = to is not null;
        }

        return member is not null && tier is { } t && from is { } f && toValid
            ? new Membership(memberIds.Intern(member), t, f, to)
            : null;
    }

    private Credit? ConvertCredit(CreditDocument document, int index)
    {
        var name = RecordNames.Credit(index, document.Member);
        var member = RequireText(document.Member, "member", name);
        BillingMonth? month = null;
        if (document.Month is null)
        {
            Missing(name, "month");
        }
        else if (BillingMonth.TryParse(document.Month, out var parsed))
        {
            month = parsed;
        }
        else
        {
            _errors.Add(new BillingError(BillingErrorKind.MalformedMonth, name, $"month '{document.Month}' is not YYYY-MM"));
        }

        if (document.Krw is null)
        {
            Missing(name, "krw");
        }

        return member is not null && month is { } m && document.Krw is { } krw
            ? new Credit(memberIds.Intern(member), m, krw, document.Reason ?? string.Empty)
            : null;
    }

    private string? RequireText(string? value, string field, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            Missing(name, field);
            return null;
        }

        return value;
    }

    private Tier? RequireTier(string? value, string name)
    {
        if (value is null)
        {
            Missing(name, "tier");
            return null;
        }

        if (!TierNames.TryParse(value, out var tier))
        {
            _errors.Add(new BillingError(
                BillingErrorKind.UnknownTier,
                name,
                $"unknown tier '{value}' (tiers are {TierNames.Member} and {TierNames.NonMember})"));
            return null;
        }

        return tier;
    }

    private DateTimeOffset? RequireInstant(string? value, string field, string name)
    {
        if (value is null)
        {
            Missing(name, field);
            return null;
        }

        if (!InstantText.TryParse(value, out var instant))
        {
            _errors.Add(new BillingError(
                BillingErrorKind.MalformedTime,
                name,
                $"{field} '{value}' is not an ISO 8601 time with an offset"));
            return null;
        }

        return instant;
    }

    private void Missing(string name, string field) =>
        _errors.Add(new BillingError(BillingErrorKind.MissingField, name, $"{field} is missing"));
}
