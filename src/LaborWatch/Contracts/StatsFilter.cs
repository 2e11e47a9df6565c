using System.Text.RegularExpressions;

namespace LaborWatch.Contracts;

/// <summary>
/// What a published table covers and how it is cut: the --by dimensions, platform and month filters, and k.
/// The same filter drives the CLI (`stats`), the API (`/api/stats`) and the exports.
/// </summary>
public sealed partial record StatsFilter
{
    /// <summary>The fewest distinct workers behind a published figure unless the operator sets more (the US CMS small-cell rule).</summary>
    public const int DefaultK = 11;

    public static readonly string[] Dimensions = ["platform", "parent", "month", "task_type", "country"];

    public IReadOnlyList<string> By { get; init; } = [];
    /// <summary>Platform names or slugs; empty for all.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];
    /// <summary>Parent companies (reference/platform_parents.tsv): their brands, and a platform of that name itself.</summary>
    public IReadOnlyList<string> Parents { get; init; } = [];
    public IReadOnlyList<string> TaskTypes { get; init; } = [];
    /// <summary>ISO 3166-1 alpha-2 codes.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    public string? From { get; init { field = value; _from = YearMonth(value); } }
    public string? To { get; init { field = value; _to = YearMonth(value); } }

    // The months as yyyymm, parsed once: InRange runs for every log of every section.
    readonly int? _from, _to;
    public int K { get; init; } = DefaultK;

    /// <summary>
    /// The exact figures of every approved log, for the database holder only (`stats --exact`): no release,
    /// no noise. False (the default) is what is published: the logs of the current release, from its synopsis.
    /// </summary>
    public bool Exact { get; init; }



    /// <summary>Builds a filter from user text, or throws ArgumentException naming the option at fault.</summary>
    /// <param name="publicK">the operator's k: the default, and the floor no request may go below (exact figures: 2)</param>
    public static StatsFilter Parse(string? by, string? platform, string? from, string? to, int? k,
        string? parent = null, string? taskType = null, string? country = null, int publicK = DefaultK, bool exact = false)
    {
        var taskTypes = Split(taskType).Select(t => t.ToLowerInvariant()).ToList();
        foreach (var t in taskTypes)
            if (!ContractColumns.TaskTypes.Contains(t))
                throw new ArgumentException($"--task-type: unknown task type '{t}' (use {string.Join(", ", ContractColumns.TaskTypes)})");
        var countries = Split(country).Select(c => c.ToUpperInvariant()).ToList();
        foreach (var c in countries)
            if (!CountryCode().IsMatch(c) || !ReferenceData.PayReference.Shipped.IsCountry(c))
                throw new ArgumentException($"--country: '{c}' is not an ISO 3166-1 alpha-2 country code (US, GB, KE)");
        var dims = Split(by).Select(d => d.ToLowerInvariant()).ToList();
        foreach (var d in dims)
            if (!Dimensions.Contains(d))
                throw new ArgumentException($"--by: unknown dimension '{d}' (use {string.Join(", ", Dimensions)}, comma-separated)");
        if (dims.Distinct().Count() != dims.Count) throw new ArgumentException("--by: a dimension is named twice");
        if (from is not null && !Month().IsMatch(from)) throw new ArgumentException($"--from: '{from}' is not a month (YYYY-MM)");
        if (to is not null && !Month().IsMatch(to)) throw new ArgumentException($"--to: '{to}' is not a month (YYYY-MM)");
        if (from is not null && to is not null && string.CompareOrdinal(from, to) > 0)
            throw new ArgumentException($"--from {from} is after --to {to}");
        if (exact && k is < 2) throw new ArgumentException($"--k: {k} is too small to mean anything (at least 2)");
        if (!exact && k < publicK)
            throw new ArgumentException($"--k: {k} is below the floor of {publicK} distinct workers per published figure; the floor is the operator's setting, and a higher k is allowed");
        return new StatsFilter
        {
            By = dims,
            Platforms = Split(platform).ToList(),
            Parents = Split(parent).ToList(),
            TaskTypes = taskTypes,
            Countries = countries,
            From = from,
            To = to,
            K = k ?? publicK,
            Exact = exact,
        };
    }

    public IReadOnlyList<string> PlatformSlugs => Platforms.Select(ContractValidator.Slug).ToList();

    /// <summary>
    /// The filter in one canonical form, for cache keys: the same selection however it was spelled (platform
    /// order, case, spacing) gives the same key, and no part can run into the next (each list is of slugs or codes).
    /// </summary>
    public string CacheKey => string.Join("|",
        string.Join(",", By),
        string.Join(",", PlatformSlugs.Distinct().Order(StringComparer.Ordinal)),
        string.Join(",", Parents.Select(ContractValidator.Slug).Distinct().Order(StringComparer.Ordinal)),
        string.Join(",", TaskTypes.Distinct().Order(StringComparer.Ordinal)),
        string.Join(",", Countries.Distinct().Order(StringComparer.Ordinal)),
        From ?? "", To ?? "", K.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Exact ? "exact" : "published");

    /// <summary>The platform slugs the parent filter stands for: every brand of each parent, and the parent's own slug.</summary>
    public IReadOnlyList<string> ParentSlugs => Parents.SelectMany(p => PlatformParents.BrandSlugsOf(p).Append(ContractValidator.Slug(p))).Distinct().ToList();

    /// <summary>Whether the platform and parent filters let a platform through (postings have no task type or country).</summary>
    public bool SelectsPlatform(string name)
    {
        var slug = ContractValidator.Slug(name);
        return (Platforms.Count == 0 || PlatformSlugs.Contains(slug)) && (Parents.Count == 0 || ParentSlugs.Contains(slug));
    }

    /// <summary>
    /// SQL conditions on contracts c / platforms p for the platform, parent, task-type and country filters
    /// (and, with a column, the month range), with the values of its positional parameters. Its twin for the
    /// published snapshot is in ContractRows.Load: change both (PublishedSnapshotTests compares them).
    /// </summary>
    public (string Sql, List<object?> Parameters) Where(string? monthColumn)
    {
        // Published figures read the logs of the current release only (a release never holds an unfinished
        // import's logs); the exact ones every approved log of a finished import or post.
        var parts = new List<string> { Exact ? $"c.moderation = 'approved' AND c.withdrawn = 0 AND {StagedImport.Visible}" : $"c.moderation = 'approved' AND {ReleasedLogs.CountedInPublic}" };
        var parameters = new List<object?>();
        void In(string column, IReadOnlyList<string> given, IReadOnlyList<string> values)
        {
            if (given.Count == 0) return;
            parts.Add($"{column} IN ({string.Join(", ", values.Select(_ => "?"))})");
            parameters.AddRange(values);
        }
        In("p.slug", Platforms, PlatformSlugs);
        In("p.slug", Parents, ParentSlugs);
        In("c.task_type", TaskTypes, TaskTypes);
        In("c.country", Countries, Countries);
        if (monthColumn is not null && From is not null) { parts.Add($"{monthColumn} >= ?"); parameters.Add(From); }
        if (monthColumn is not null && To is not null) { parts.Add($"{monthColumn} <= ?"); parameters.Add(To); }
        return (string.Join(" AND ", parts), parameters);
    }

    /// <summary>Whether a yyyymm month is inside --from/--to.</summary>
    public bool InRange(int yearMonth) =>
        (_from is not { } from || yearMonth >= from) && (_to is not { } to || yearMonth <= to);

    static int? YearMonth(string? month) =>
        month is { Length: 7 } ? int.Parse(month[..4]) * 100 + int.Parse(month[5..]) : null;

    static IEnumerable<string> Split(string? s) =>
        (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^[A-Z]{2}\z")]
    private static partial Regex CountryCode();

    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])\z")]
    private static partial Regex Month();
}
