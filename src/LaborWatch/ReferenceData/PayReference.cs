using System.Globalization;
using LaborWatch.Data;

namespace LaborWatch.ReferenceData;

/// <summary>
/// Lookups over the shipped reference tables: currencies and their minor units, countries, FX to USD and
/// minimum wages. A lookup by year uses the latest year in the table that is &lt;= the year asked, else the
/// earliest year in the table (docs/methodology.md, "Reference years").
/// </summary>
public sealed class PayReference
{
    public sealed record MinimumWage(string Code, int Year, double Hourly, string Currency, string Jurisdiction);

    readonly Dictionary<string, int> _minorUnits;
    readonly HashSet<string> _countries;
    readonly Dictionary<string, SortedList<int, double>> _fx;
    readonly Dictionary<string, SortedList<int, MinimumWage>> _minWage;

    public static PayReference Shipped { get; } = new();

    PayReference()
    {
        var currencies = ReferenceFiles.Read("currencies");
        _minorUnits = currencies.Rows.ToDictionary(r => r[0], r => int.Parse(r[1], CultureInfo.InvariantCulture));

        _countries = ReferenceFiles.Read("countries").Rows.Select(r => r[0]).ToHashSet();

        var fx = ReferenceFiles.Read("fx_usd");
        int fxCurrency = fx.Column("currency"), fxYear = fx.Column("year"), fxRate = fx.Column("units_per_usd");
        _fx = fx.Rows
            .GroupBy(r => r[fxCurrency])
            .ToDictionary(g => g.Key, g => new SortedList<int, double>(g.ToDictionary(
                r => int.Parse(r[fxYear], CultureInfo.InvariantCulture),
                r => double.Parse(r[fxRate], CultureInfo.InvariantCulture))));

        var mw = ReferenceFiles.Read("min_wage");
        int code = mw.Column("code"), year = mw.Column("year"), hourly = mw.Column("hourly"),
            currency = mw.Column("currency"), jurisdiction = mw.Column("jurisdiction");
        _minWage = mw.Rows
            .Select(r => new MinimumWage(r[code], int.Parse(r[year], CultureInfo.InvariantCulture),
                double.Parse(r[hourly], CultureInfo.InvariantCulture), r[currency], r[jurisdiction]))
            .GroupBy(w => w.Code)
            .ToDictionary(g => g.Key, g => new SortedList<int, MinimumWage>(g.ToDictionary(w => w.Year)));
    }

    public bool IsCurrency(string code) => _minorUnits.ContainsKey(code);

    /// <summary>Every currency with a rate, with the years the table gives (USD is 1 in every year).</summary>
    public IEnumerable<(string Currency, int FirstYear, int LastYear)> FxCoverage =>
        _fx.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value.Keys[0], f.Value.Keys[^1]));

    /// <summary>Every jurisdiction with a minimum wage, with its name, currency and years.</summary>
    public IEnumerable<(string Code, string Name, string Currency, int FirstYear, int LastYear)> WageCoverage =>
        _minWage.OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => (w.Key, w.Value.Values[^1].Jurisdiction, w.Value.Values[^1].Currency, w.Value.Keys[0], w.Value.Keys[^1]));

    public int MinorUnits(string currency) => _minorUnits[currency];

    public bool IsCountry(string code) => _countries.Contains(code);

    /// <summary>Units of <paramref name="currency"/> per US dollar for <paramref name="year"/>; null when the table has no rate.</summary>
    public double? UnitsPerUsd(string currency, int year) =>
        currency == "USD" ? 1.0
        : _fx.TryGetValue(currency, out var byYear) ? ForYear(byYear, year)
        : null;

    /// <summary>
    /// The minimum wage of the most specific jurisdiction known: the code itself, then each parent
    /// (US-NY-NYC, US-NY, US), then the country.
    /// </summary>
    public MinimumWage? MinimumWageFor(string? region, string? country, int year)
    {
        for (var code = region; !string.IsNullOrEmpty(code); code = Parent(code))
            if (_minWage.TryGetValue(code, out var byYear)) return ForYear(byYear, year);
        return country is not null && _minWage.TryGetValue(country, out var national) ? ForYear(national, year) : null;
    }

    static string? Parent(string code)
    {
        var dash = code.LastIndexOf('-');
        return dash > 0 ? code[..dash] : null;
    }

    static T ForYear<T>(SortedList<int, T> byYear, int year)
    {
        var best = byYear.Values[0];
        foreach (var (y, value) in byYear)
        {
            if (y > year) break;
            best = value;
        }
        return best;
    }
}
