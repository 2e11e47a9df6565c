namespace LaborWatch.Privacy.Synopsis;

/// <summary>
/// How well the best attacker can estimate a cell's count from the whole synopsis, worked out exactly. Every node of
/// the product of the four axis trees carries noise of one variance, so the design matrix is a Kronecker product of
/// the axes' node-by-leaf matrices W_i, and the covariance of the best linear unbiased estimate of the leaves (from
/// every node at once: the generalised least-squares fit) is sigma^2 times the Kronecker product of (W_i' W_i)^-1.
/// A region that is a product of one axis region per axis (q_1 x ... x q_4) is then estimated with variance
/// sigma^2 * prod_i q_i' (W_i' W_i)^-1 q_i: one small matrix per axis, no simulation needed (a test checks it by one).
/// </summary>
public static class AttackerBound
{
    /// <summary>An axis tree as each node's parent (-1 for the root) and which nodes are leaves.</summary>
    public sealed record Axis(string Name, int[] Parent)
    {
        public int Nodes => Parent.Length;

        /// <summary>A root with <paramref name="leaves"/> children (country, task type).</summary>
        public static Axis Flat(string name, int leaves) => new(name, [-1, .. Enumerable.Repeat(0, leaves)]);

        /// <summary>Root, parents, platforms: <paramref name="platformsPerParent"/>[i] platforms under parent i.</summary>
        public static Axis Platforms(IReadOnlyList<int> platformsPerParent)
        {
            var parent = new List<int> { -1 };
            var parents = Enumerable.Range(0, platformsPerParent.Count).Select(_ => { parent.Add(0); return parent.Count - 1; }).ToList();
            for (var i = 0; i < platformsPerParent.Count; i++)
                for (var j = 0; j < platformsPerParent[i]; j++) parent.Add(parents[i]);
            return new Axis("platform", [.. parent]);
        }

        /// <summary>The dyadic month tree: 2^levels leaves.</summary>
        public static Axis Dyadic(string name, int levels)
        {
            var parent = new List<int>();
            // Nodes level by level from the root: node n's children are 2n+1 and 2n+2 (a heap), leaves last.
            var count = (1 << (levels + 1)) - 1;
            for (var n = 0; n < count; n++) parent.Add(n == 0 ? -1 : (n - 1) / 2);
            return new Axis(name, [.. parent]);
        }
    }

    /// <summary>What the synopsis gives the best attacker on one axis.</summary>
    public sealed record AxisFactors(Axis Axis, int[] Leaves, double[,] Inverse)
    {
        /// <summary>q' (W'W)^-1 q for the region of the given leaves (indexes into <see cref="Leaves"/>).</summary>
        public double Factor(IEnumerable<int> leafIndexes)
        {
            var q = leafIndexes.Distinct().ToArray();
            double sum = 0;
            foreach (var a in q) foreach (var b in q) sum += Inverse[a, b];
            return sum;
        }

        /// <summary>The factor of each node's region (the leaves under it): the node the attacker estimates best sets the bound.</summary>
        public double MinimumOverNodes()
        {
            var under = LeavesUnder();
            return Enumerable.Range(0, Axis.Nodes).Min(n => Factor(under[n]));
        }

        /// <summary>For a chain of leaves in order (months): the smallest factor of any run of consecutive leaves.</summary>
        public double MinimumOverRanges()
        {
            var n = Leaves.Length;
            var prefix = new double[n + 1, n + 1];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                    prefix[i + 1, j + 1] = Inverse[i, j] + prefix[i, j + 1] + prefix[i + 1, j] - prefix[i, j];
            var min = double.MaxValue;
            for (var a = 0; a < n; a++)
                for (var b = a + 1; b <= n; b++)
                    min = Math.Min(min, prefix[b, b] - prefix[a, b] - prefix[b, a] + prefix[a, a]);
            return min;
        }

        public List<int>[] LeavesUnder()
        {
            var index = Leaves.Select((leaf, i) => (leaf, i)).ToDictionary(x => x.leaf, x => x.i);
            var under = Enumerable.Range(0, Axis.Nodes).Select(_ => new List<int>()).ToArray();
            foreach (var leaf in Leaves)
                for (var n = leaf; n >= 0; n = Axis.Parent[n]) under[n].Add(index[leaf]);
            return under;
        }
    }

    /// <summary>(W'W)^-1 for an axis, where (W'W)[a,b] counts the nodes above both leaf a and leaf b (themselves included).</summary>
    public static AxisFactors Of(Axis axis)
    {
        var hasChild = new bool[axis.Nodes];
        foreach (var p in axis.Parent) if (p >= 0) hasChild[p] = true;
        var leaves = Enumerable.Range(0, axis.Nodes).Where(n => !hasChild[n]).ToArray();
        var ancestors = leaves.Select(l => { var set = new HashSet<int>(); for (var n = l; n >= 0; n = axis.Parent[n]) set.Add(n); return set; }).ToArray();
        var m = leaves.Length;
        var gram = new double[m, m];
        for (var a = 0; a < m; a++)
            for (var b = a; b < m; b++)
                gram[a, b] = gram[b, a] = ancestors[a].Count(ancestors[b].Contains);
        return new AxisFactors(axis, leaves, Invert(gram));
    }

    /// <summary>Gauss-Jordan with partial pivoting: the matrices are small (at most a few hundred leaves) and well conditioned.</summary>
    static double[,] Invert(double[,] a)
    {
        var n = a.GetLength(0);
        var m = (double[,])a.Clone();
        var inv = new double[n, n];
        for (var i = 0; i < n; i++) inv[i, i] = 1;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (pivot != col)
                for (var c = 0; c < n; c++) { (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]); (inv[col, c], inv[pivot, c]) = (inv[pivot, c], inv[col, c]); }
            var d = m[col, col];
            for (var c = 0; c < n; c++) { m[col, c] /= d; inv[col, c] /= d; }
            for (var r = 0; r < n; r++)
            {
                if (r == col || m[r, col] == 0) continue;
                var f = m[r, col];
                for (var c = 0; c < n; c++) { m[r, c] -= f * m[col, c]; inv[r, c] -= f * inv[col, c]; }
            }
        }
        return inv;
    }

    /// <summary>The protection of one synopsis shape, in the numbers the methodology states.</summary>
    public sealed record Statement(double MinimumFactor, double StandardError, double ExactRecovery, double RhoPerLog, double Epsilon, double Delta)
    {
        /// <summary>
        /// zCDP for one worker per release: at most <see cref="Releases.WorkerCap"/> of their logs count in it, and a
        /// worker whose capped logs all fall under the same nodes moves each count by up to the cap, so the L2
        /// sensitivity is the cap times a log's and rho grows with the cap squared (group privacy).
        /// </summary>
        public double RhoPerWorker => RhoPerLog * Releases.WorkerCap * Releases.WorkerCap;

        /// <summary><see cref="RhoPerWorker"/> as epsilon at <see cref="Delta"/>.</summary>
        public double EpsilonPerWorker => RhoPerWorker + 2 * Math.Sqrt(RhoPerWorker * Math.Log(1 / Delta));

        /// <summary>After <paramref name="releases"/> releases of a cell that never changed: about 1 + log2(r) independent draws of the binary tree.</summary>
        public double StandardErrorAfter(long releases) => StandardError / Math.Sqrt(1 + Math.Floor(Math.Log2(Math.Max(1, releases))));

        /// <summary>The chance the best estimate, rounded, is exactly right after <paramref name="releases"/> releases.</summary>
        public double ExactRecoveryAfter(long releases) => Erf(0.5 / (StandardErrorAfter(releases) * Math.Sqrt(2)));

        /// <summary>What `release` prints after a cut: the protection left for a cell that never changed, in logs and as a chance.</summary>
        public string After(long releases) => FormattableString.Invariant(
            $"protection after {releases} release(s): the best linear estimate of a small cell that never changed has a standard error of {StandardErrorAfter(releases):0.0} logs, exactly right {ExactRecoveryAfter(releases) * 100:0}% of the time (target: at most 10%)");
    }

    /// <summary>
    /// The figures one log adds 1 to in each node it lies under (its L2 sensitivity squared, per node): pay and
    /// misclassification (logs, workers, 3 figure counts of pay with a 10-level histogram each, 6 other pay counts,
    /// 4 hour and pay sums, 6 unpaid-time categories, 14 indicators answered and yes, 4 ABC prongs, the EU presumption,
    /// 6 DOL and 20 IRS thresholds, a minimum-wage line), survival (logs, workers, a week, events), cancellations
    /// (logs, workers, 3 counts). Counted generously: a log meets only some of them.
    /// </summary>
    public const int FiguresPerLog = 2 + 3 * 11 + 6 + 4 + 6 + 28 + 4 + 1 + 6 + 20 + 1 + 4 + 5;

    /// <summary>Nodes above one log: 3 on the platform axis, 2 country, 2 task type, 10 months.</summary>
    public const int NodesPerLog = 3 * 2 * 2 * (MonthTree.Levels + 1);

    /// <summary>The shipped shape's protection: the best attacker's error on any node or month range, and zCDP per log per release.</summary>
    public static Statement For(IReadOnlyList<int> platformsPerParent, int countries, int taskTypes, long variance = Synopsis.Variance, double delta = 1e-6)
    {
        var min = Of(Axis.Platforms(platformsPerParent)).MinimumOverNodes()
                  * Of(Axis.Flat("country", countries)).MinimumOverNodes()
                  * Of(Axis.Flat("task_type", taskTypes)).MinimumOverNodes()
                  * Math.Min(Of(Axis.Dyadic("month", MonthTree.Levels)).MinimumOverNodes(), MonthRangeMinimum.Value);
        var se = Math.Sqrt(variance * min);
        var rho = (double)FiguresPerLog * NodesPerLog / (2.0 * variance);
        return new Statement(min, se, Erf(0.5 / (se * Math.Sqrt(2))), rho, rho + 2 * Math.Sqrt(rho * Math.Log(1 / delta)), delta);
    }

    /// <summary>
    /// The statement for the hierarchy as shipped: every country of the reference table, every task type, and a platform
    /// axis of eight brands each its own parent (a larger catalogue only adds nodes, which leaves the bound where it is:
    /// a test checks forty brands under twenty parents).
    /// </summary>
    public static Statement Demo => DemoStatement.Value;

    static readonly Lazy<Statement> DemoStatement = new(() => For(Enumerable.Repeat(1, 8).ToList(), 250, Contracts.ContractColumns.TaskTypes.Length));

    static readonly Lazy<double> MonthRangeMinimum = new(() => Of(Axis.Dyadic("month", MonthTree.Levels)).MinimumOverRanges());

    /// <summary>The error function (Abramowitz and Stegun 7.1.26, error below 1.5e-7): the chance a rounded estimate is exact.</summary>
    public static double Erf(double x)
    {
        var t = 1 / (1 + 0.3275911 * Math.Abs(x));
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
