using LaborWatch.Contracts;
using LaborWatch.Data;

namespace LaborWatch.Misclassification;

/// <summary>
/// Which criteria of each legal test a worker-reported indicator bears on (data/reference/
/// misclassification_rubric.tsv, kept equal to misclassification_signals.tsv by a test). Every indicator
/// here points to employee status when reported as 1; a 0 or an empty answer signals nothing.
/// </summary>
public sealed record Rubric(IReadOnlyList<Rubric.Indicator> Indicators, IReadOnlyList<Rubric.LegalTest> Tests)
{
    public sealed record Indicator(string Name, string SignalId, int[] DolFactors, char[] AbcProngs, int[] IrsFactors, char[] EuCriteria, string Derivation)
    {
        /// <summary>Index in <see cref="ContractColumns.Flags"/>, or -1 for indicators derived from other columns.</summary>
        public int FlagIndex { get; } = Array.IndexOf(ContractColumns.Flags, Name);

        // The criteria as bit sets, so a log's signalled criteria are a few ORs and a population count.
        public int DolMask { get; } = DolFactors.Aggregate(0, (m, f) => m | 1 << f);
        public int IrsMask { get; } = IrsFactors.Aggregate(0, (m, f) => m | 1 << f);
        public int AbcMask { get; } = AbcProngs.Aggregate(0, (m, p) => m | 1 << (p - 'A'));
        public int EuMask { get; } = EuCriteria.Aggregate(0, (m, c) => m | 1 << (c - 'a'));
    }

    public sealed record LegalTest(string Id, string Name, string Citation, string InForceFrom, string? InForceTo, string Status, string Source);

    /// <summary>The EU 2021 proposal presumed employment when at least this many of its five criteria were met.</summary>
    public const int EuPresumptionCriteria = 2;

    public const string Caveat = "Signals from worker reports, not legal findings: whether anyone is an employee is for a court or agency to decide on all the facts.";

    public static Rubric Shipped { get; } = Load();

    static Rubric Load()
    {
        var t = ReferenceFiles.Read("misclassification_rubric");
        int name = t.Column("indicator"), id = t.Column("signal_id"), dol = t.Column("dol_2024_factors"), abc = t.Column("ca_abc_prongs"),
            irs = t.Column("irs_87_41_factors"), eu = t.Column("eu_2021_criteria"), derived = t.Column("derived_from");
        var indicators = t.Rows.Select(r => new Indicator(r[name], r[id], Numbers(r[dol]), Letters(r[abc]), Numbers(r[irs]), Letters(r[eu]), r[derived])).ToList();
        foreach (var i in indicators.Where(i => i.FlagIndex < 0 && i.Derivation.Length == 0))
            throw new InvalidDataException($"misclassification_rubric.tsv: '{i.Name}' is neither an import column nor derived");

        var l = ReferenceFiles.Read("legal_tests");
        var tests = l.Rows.Select(r => new LegalTest(r[l.Column("test")], r[l.Column("name")], r[l.Column("citation")],
            r[l.Column("in_force_from")], r[l.Column("in_force_to")] is { Length: > 0 } to ? to : null, r[l.Column("status")], r[l.Column("source")])).ToList();
        return new Rubric(indicators, tests);
    }

    static int[] Numbers(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
    static char[] Letters(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x[0]).ToArray();
}
