using System.Data.Common;
using LaborWatch.Contracts;
using LaborWatch.Instability;
using LaborWatch.Misclassification;
using LaborWatch.Pay;
using LaborWatch.Privacy;

namespace LaborWatch.Reports;

/// <summary>The sections a report computes beside pay (which it always computes); survival is asked for apart.</summary>
[Flags]
public enum StatsSections
{
    PayOnly = 0,
    Cancellation = 1,
    Misclassification = 2,
    All = Cancellation | Misclassification,
}

/// <summary>
/// The published statistics of docs/json.md: one object with the filter, k, and a section per family
/// of figures, each under disclosure control (k, the 80% rule, complementary suppression). Written as JSON for
/// `stats --json` and `/api/stats`, and as text tables for people.
/// </summary>
public sealed partial record StatsReport(
    StatsFilter Filter, PayResult Pay, IReadOnlyList<CancellationGroup> Cancellation,
    IReadOnlyList<MisclassificationGroup> Misclassification, IReadOnlyList<SurvivalGroup>? Survival)
{
    /// <summary>The release these figures come from (null: no release yet, or the exact figures).</summary>
    public Release? Release { get; init; }

    /// <summary>Postings meet logs, per platform and month (null where not computed: a report without postings).</summary>
    public IReadOnlyList<Postings.PromisedVsPaidRow>? PromisedVsPaid { get; init; }

    public const string ExactWarning = "EXACT figures for the database holder: NOT FOR PUBLICATION. They are not perturbed and include approved logs not yet released; publish only what `stats` without --exact, the web and `report` give.";

    /// <summary>What protects the published figures, in plain words, with the shipped parameters.</summary>
    public static string ProtectionNote =>
        "Published figures come from one noisy synopsis of the release: every count in every cell of a fixed hierarchy " +
        $"(platform, country, kind of work, months) carries one fixed draw of noise (standard deviation about {Math.Sqrt(Privacy.Synopsis.Synopsis.Variance):0} logs), " +
        "and every figure is computed from those noisy cells alone, so asking more, different or repeated questions reveals nothing more. " +
        "Small figures are therefore rough, and totals may not add up exactly.";

    public static StatsReport Compute(DbConnection connection, StatsFilter filter, bool survival = false)
    {
        var rows = ContractRows.Load(connection, filter);
        // Promised against paid (a pay pass by platform and month, and the postings read through the connection)
        // is computed beside the sections, first: the longest task started first leaves no core idle at the end.
        List<Postings.PromisedVsPaidRow> promised = null!;
        return Sections(rows, filter, survival, StatsSections.All, () => promised = Postings.PromisedVsPaid.Compute(connection, rows, filter)) with { PromisedVsPaid = promised };
    }

    /// <summary>
    /// From rows already loaded for the same platforms: a page showing several groupings scans the logs once. A page
    /// that shows only some sections asks for those: each section left out is a pass over every log not made (its
    /// list is then empty; pay is always computed, as charts note synthetic data from it).
    /// </summary>
    public static StatsReport Compute(ContractRows.Loaded data, StatsFilter filter, bool survival = false, StatsSections sections = StatsSections.All) =>
        Sections(data, filter, survival, sections, null);

    static StatsReport Sections(ContractRows.Loaded data, StatsFilter filter, bool survival, StatsSections wanted, Action? first)
    {
        // Each section reads the rows alone and shares nothing with the others: computed side by side on the
        // cores, the longest first (pay, then misclassification: measured on 1M logs).
        PayResult pay = null!;
        IReadOnlyList<CancellationGroup> cancellation = [];
        IReadOnlyList<MisclassificationGroup> misclassification = [];
        IReadOnlyList<SurvivalGroup>? curves = null;
        var sections = new List<Action> { () => pay = PayFigures.Compute(data, filter) };
        if (first is not null) sections.Insert(0, first);
        if (wanted.HasFlag(StatsSections.Misclassification))
            sections.Add(() => misclassification = ComplementarySuppression.Apply(MisclassificationFigures.Compute(data, filter), filter.By));
        if (wanted.HasFlag(StatsSections.Cancellation))
            sections.Add(() => cancellation = ComplementarySuppression.Apply(CancellationFigures.Compute(data, filter), filter.By));
        if (survival) sections.Add(() => curves = ComplementarySuppression.Apply(SurvivalCurves.Compute(data, filter), filter.By));
        Parallel.Invoke([.. sections]);
        return new StatsReport(filter, pay with { Groups = ComplementarySuppression.Apply(pay.Groups, filter.By) }, cancellation, misclassification, curves)
        { Release = data.Release };
    }

    // Money in major units to the cent, shares to four places: more digits would claim a precision worker
    // reports do not have.
    public static double Money(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
    public static double Share(double v) => Math.Round(v, 4, MidpointRounding.AwayFromZero);
}
