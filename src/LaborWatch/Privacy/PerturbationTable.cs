using System.Globalization;
using System.Text;
using LaborWatch.Data;

namespace LaborWatch.Privacy;

/// <summary>
/// The perturbation table (ptable) of the cell key method: for each original count i, the probability of
/// publishing i + v for each noise v. Rows are chosen as sdcTools' ptable package does (create_cnt_ptable,
/// optim = 1): the maximum-entropy distribution on v in [-D, D] with mean 0 and variance V, where no result
/// may fall in 1..js (those small counts are never published: they go to 0 or to js+1 and above) nor below
/// 0. Every row from D + js + 1 on is the same (no boundary is in reach), so larger counts use the last row.
/// The shipped table is data/reference/ptable.tsv (columns as the ptable package exports them: i, j, p, v,
/// p_int_lb, p_int_ub), generated from data/reference/ptable_parameters.tsv by <see cref="Generate"/>; a test
/// keeps the two in step.
/// </summary>
public sealed class PerturbationTable
{
    public sealed record Parameters(int D, double V, int Js);

    public sealed record Row(int I, int J, double P, int V, double Lower, double Upper);

    readonly Row[][] _byCount;

    public Parameters Of { get; }
    public IReadOnlyList<Row> Rows { get; }

    PerturbationTable(Parameters parameters, IReadOnlyList<Row> rows)
    {
        Of = parameters;
        Rows = rows;
        _byCount = rows.GroupBy(r => r.I).OrderBy(g => g.Key).Select(g => g.OrderBy(r => r.V).ToArray()).ToArray();
    }

    static readonly Lazy<PerturbationTable> ShippedTable = new(Load);

    public static PerturbationTable Shipped => ShippedTable.Value;

    /// <summary>The noise for a count whose key is <paramref name="u"/>, uniform in [0, 1).</summary>
    public int Noise(int count, double u)
    {
        var row = _byCount[Math.Min(count, _byCount.Length - 1)];
        foreach (var r in row)
            if (u < r.Upper) return r.V;
        return row[^1].V;
    }

    /// <summary>The largest change the table ever makes (D).</summary>
    public int LargestChange => Rows.Max(r => Math.Abs(r.V));

    static PerturbationTable Load()
    {
        var parameters = ReadParameters(ReferenceFiles.Read("ptable_parameters"));
        var table = ReferenceFiles.Read("ptable");
        int i = table.Column("i"), j = table.Column("j"), p = table.Column("p"), v = table.Column("v"), lb = table.Column("p_int_lb"), ub = table.Column("p_int_ub");
        var rows = table.Rows.Select(r => new Row(Int(r[i]), Int(r[j]), Real(r[p]), Int(r[v]), Real(r[lb]), Real(r[ub]))).ToList();
        return new PerturbationTable(parameters, rows);
    }

    public static Parameters ReadParameters(ReferenceFiles.Table table)
    {
        int name = table.Column("parameter"), value = table.Column("value");
        string Get(string n) => table.Rows.FirstOrDefault(r => r[name] == n)?[value]
            ?? throw new InvalidDataException($"reference/ptable_parameters.tsv has no parameter '{n}'");
        return new Parameters(Int(Get("D")), Real(Get("V")), Int(Get("js")));
    }

    /// <summary>
    /// Builds the table for the parameters. A row whose boundary makes variance V unreachable with mean 0
    /// (the counts next to the 1..js band) gets the smallest variance above V that is reachable, in steps of
    /// 10%, as the ptable package relaxes such rows.
    /// </summary>
    public static PerturbationTable Generate(Parameters parameters)
    {
        var rows = new List<Row>();
        for (var i = 0; i <= parameters.D + parameters.Js + 1; i++)
        {
            var support = Enumerable.Range(-parameters.D, 2 * parameters.D + 1)
                .Where(v => i + v >= 0 && (i + v == 0 || i + v > parameters.Js)).ToArray();
            double[] p;
            if (i == 0) p = support.Select(v => v == 0 ? 1.0 : 0.0).ToArray();   // an empty cell stays empty
            else
            {
                var target = parameters.V;
                double[]? solved;
                while ((solved = MaximumEntropy(support, target)) is null) target *= 1.1;
                p = solved;
            }
            // Six decimals, as published; the intervals are the running sums of the rounded probabilities.
            var rounded = p.Select(x => Math.Round(x, 6)).ToArray();
            var fix = 1 - rounded.Sum();
            var largest = Array.IndexOf(rounded, rounded.Max());
            rounded[largest] = Math.Round(rounded[largest] + fix, 6);
            double lower = 0;
            for (var k = 0; k < support.Length; k++)
            {
                if (rounded[k] <= 0) continue;
                var upper = Math.Round(lower + rounded[k], 6);
                rows.Add(new Row(i, i + support[k], rounded[k], support[k], lower, upper));
                lower = upper;
            }
            rows[^1] = rows[^1] with { Upper = 1 };
        }
        return new PerturbationTable(parameters, rows);
    }

    /// <summary>
    /// p(v) proportional to exp(a v + b v^2) with mean 0 and variance V, by Newton's method on the convex dual;
    /// null when V cannot be reached on this support (the solution would sit on its boundary).
    /// </summary>
    static double[]? MaximumEntropy(int[] support, double variance)
    {
        double a = 0, b = 0;
        for (var iteration = 0; iteration < 500; iteration++)
        {
            var p = Probabilities(support, a, b);
            double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
            for (var k = 0; k < support.Length; k++)
            {
                double v = support[k], w = p[k];
                m1 += w * v; m2 += w * v * v; m3 += w * v * v * v; m4 += w * v * v * v * v;
            }
            double g1 = m1, g2 = m2 - variance;
            if (Math.Abs(g1) < 1e-12 && Math.Abs(g2) < 1e-12) return p;
            double h11 = m2 - m1 * m1, h12 = m3 - m1 * m2, h22 = m4 - m2 * m2;
            var det = h11 * h22 - h12 * h12;
            if (det < 1e-14) return null;
            double da = (h22 * g1 - h12 * g2) / det, db = (h11 * g2 - h12 * g1) / det;
            // Damped: a full step can overshoot far from the solution.
            var scale = Math.Min(1, 2 / Math.Max(Math.Abs(da), Math.Abs(db)));
            a -= scale * da;
            b -= scale * db;
            if (Math.Abs(a) > 60 || Math.Abs(b) > 60) return null;
        }
        return null;
    }

    static double[] Probabilities(int[] support, double a, double b)
    {
        var logits = support.Select(v => a * v + b * v * v).ToArray();
        var max = logits.Max();
        var weights = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = weights.Sum();
        return weights.Select(w => w / sum).ToArray();
    }

    /// <summary>The table as data/reference/ptable.tsv holds it.</summary>
    public string ToTsv()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Perturbation table of the cell key method, generated by LaborWatch (Privacy/PerturbationTable.cs) from ptable_parameters.tsv: D={Of.D} V={Of.V} js={Of.Js}.\n");
        sb.Append("# Regenerate: laborwatch ptable > data/reference/ptable.tsv (a test checks the shipped file equals the generated one).\n");
        sb.Append("i\tj\tp\tv\tp_int_lb\tp_int_ub\n");
        foreach (var r in Rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.I}\t{r.J}\t{r.P:0.######}\t{r.V}\t{r.Lower:0.######}\t{r.Upper:0.######}\n");
        return sb.ToString();
    }

    static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    static double Real(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
