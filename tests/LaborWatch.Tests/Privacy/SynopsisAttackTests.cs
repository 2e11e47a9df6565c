using System.Globalization;
using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Privacy.Synopsis;
using LaborWatch.Reports;

namespace LaborWatch.Tests.Privacy;

/// <summary>
/// The averaging attacks of Asghar and Kaafar (PETS 2020) on the published figures: many different differenced pairs,
/// averaged. Against the synopsis each pair's difference is the same fixed noisy node, so the average is no better than
/// one answer. Each attack is also run with the noise drawn afresh for every question (what the cell key method did in
/// effect) and with no noise, where it must succeed: the test can fail, and the synopsis is what stops it.
/// </summary>
[TestClass]
public sealed class SynopsisAttackTests
{
    static readonly string[] Small = ["KE", "PH", "IN", "NG", "BR", "MX", "CO", "AR", "PE", "ZA"];

    /// <summary>The noise secret of every world these attacks run in (see <see cref="Load"/>).</summary>
    const int SecretSeed = 4242;
    const string Big = "GB";

    /// <summary>Six platforms: 40 workers in the big country spread over 12 months, 1 to 6 in each small country.</summary>
    static (string Csv, Dictionary<(string Platform, string Country), int> Logs, Dictionary<(string Platform, int Month), int> Months) Dataset(int seed)
    {
        var random = new Random(seed);
        var rows = new List<Dictionary<string, string>>();
        var logs = new Dictionary<(string, string), int>();
        var months = new Dictionary<(string, int), int>();
        var worker = 0;
        for (var p = 0; p < 6; p++)
        {
            var platform = $"Platform{p}";
            foreach (var country in Small.Prepend(Big))
            {
                var workers = country == Big ? 40 : random.Next(1, 7);
                for (var w = 0; w < workers; w++, worker++)
                {
                    var month = random.Next(1, 13);
                    rows.Add(Rows.Valid($"w{worker}", ("platform", platform), ("country", country),
                        ("started", $"2025-{month:D2}-05"), ("ended", ""), ("status", "active"),
                        ("gross_pay", (100 + random.Next(400)).ToString(CultureInfo.InvariantCulture)), ("notes", $"{worker}")));
                    logs[(platform, country)] = logs.GetValueOrDefault((platform, country)) + 1;
                    months[(platform, month)] = months.GetValueOrDefault((platform, month)) + 1;
                }
            }
        }
        return (Rows.Csv([.. rows]), logs, months);
    }

    enum Noise { Synopsis, FreshPerQuestion, None }

    sealed class Oracle(TestDatabase db, Noise noise)
    {
        // Seeded, so that the mutation's outcome is the same on every run.
        readonly Random _secrets = new(17);

        byte[] FreshSecret()
        {
            var secret = new byte[32];
            _secrets.NextBytes(secret);
            return secret;
        }

        /// <summary>The published log count of a filter's selection, as /api/stats gives it (null when suppressed).</summary>
        public int? Logs(StatsFilter filter)
        {
            var asked = filter with { Exact = noise == Noise.None };
            var data = ContractRows.Load(db.Connection, asked);
            if (noise == Noise.FreshPerQuestion) data = data with { Release = data.Release! with { Secret = Convert.ToHexString(FreshSecret()) } };
            var pay = StatsReport.Compute(data, asked, sections: StatsSections.PayOnly).Pay.Groups;
            return pay is [{ Suppressed: false } g] ? g.Logs : null;
        }
    }

    /// <summary>
    /// The logs, released under a noise secret drawn from <paramref name="secretSeed"/>: a database's secret is random, so
    /// with it the share of cells an attack recovers is itself random (30 cells at 3.6% each exceed 10% one run in forty),
    /// and a test must not pass or fail by chance. Each seed is one fixed world, and the assertions hold for it.
    /// </summary>
    static TestDatabase Load(string csv, int secretSeed)
    {
        var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", csv));
        var secret = new byte[32];
        new Random(secretSeed).NextBytes(secret);
        Dapper.SqlMapper.Execute(db.Connection, "UPDATE noise_secret SET secret = @secret", new { secret = Convert.ToHexString(secret).ToLowerInvariant() });
        Releases.Cut(db.Connection, Disclosure.DefaultK, DateTimeOffset.UnixEpoch);
        return db;
    }

    /// <summary>Each small cell by "P in C + S" minus "P in S" over <paramref name="unions"/> different unions S, averaged and rounded.</summary>
    static double UnionAttack(TestDatabase db, Noise noise, Dictionary<(string Platform, string Country), int> truth, int unions, int seed)
    {
        var oracle = new Oracle(db, noise);
        var random = new Random(seed);
        int cells = 0, exact = 0;
        foreach (var ((platform, country), logs) in truth.Where(t => t.Key.Country != Big))
        {
            var differences = new List<int>();
            var others = Small.Where(c => c != country).ToArray();
            for (var u = 0; u < unions; u++)
            {
                // A different union each time: the big country and a random set of the other small ones.
                string[] s = [Big, .. others.Where(_ => random.Next(2) == 0)];
                if (oracle.Logs(new StatsFilter { Platforms = [platform], Countries = [country, .. s] }) is { } with &&
                    oracle.Logs(new StatsFilter { Platforms = [platform], Countries = s }) is { } without)
                    differences.Add(with - without);
            }
            Assert.IsTrue(differences.Count >= unions / 2, "the views the attack needs are published");
            cells++;
            if ((int)Math.Round(differences.Average()) == logs) exact++;
        }
        return (double)exact / cells;
    }

    /// <summary>Each platform-month count by "P from m to t" minus "P from m+1 to t" for every later t, averaged and rounded.</summary>
    static double RangeAttack(TestDatabase db, Noise noise, Dictionary<(string Platform, int Month), int> truth)
    {
        var oracle = new Oracle(db, noise);
        int cells = 0, exact = 0;
        foreach (var ((platform, month), logs) in truth.Where(t => t.Key.Month < 12))
        {
            var differences = new List<int>();
            for (var to = month + 1; to <= 12; to++)
            {
                var later = new StatsFilter { Platforms = [platform], From = $"2025-{month + 1:D2}", To = $"2025-{to:D2}" };
                if (oracle.Logs(later with { From = $"2025-{month:D2}" }) is { } with && oracle.Logs(later) is { } without)
                    differences.Add(with - without);
            }
            if (differences.Count == 0) continue;
            cells++;
            if ((int)Math.Round(differences.Average()) == logs) exact++;
        }
        Assert.IsTrue(cells >= 30, $"only {cells} platform-months could be attacked");
        return (double)exact / cells;
    }

    [TestMethod]
    [DataRow(20261207)]
    [DataRow(31)]
    public void Averaging_over_unions_of_countries_recovers_at_most_one_small_cell_in_ten(int seed)
    {
        var (csv, truth, _) = Dataset(seed);
        using var db = Load(csv, seed);
        var published = UnionAttack(db, Noise.Synopsis, truth, unions: 40, seed);
        Console.WriteLine($"seed {seed}: {published:P0} of small cells recovered exactly through 40 unions each");
        Assert.IsTrue(published <= 0.10, $"{published:P0} recovered exactly");
        Assert.AreEqual(1.0, UnionAttack(db, Noise.None, truth, unions: 3, seed), "without noise every cell comes back (the attack works)");
    }

    [TestMethod]
    public void Averaging_over_month_ranges_recovers_at_most_one_platform_month_in_ten()
    {
        var (csv, _, months) = Dataset(11);
        using var db = Load(csv, SecretSeed);
        var published = RangeAttack(db, Noise.Synopsis, months);
        Console.WriteLine($"{published:P0} of platform-months recovered exactly through every later end month");
        Assert.IsTrue(published <= 0.10, $"{published:P0} recovered exactly");
        Assert.AreEqual(1.0, RangeAttack(db, Noise.None, months), "without noise every platform-month comes back");
    }

    [TestMethod]
    public void Noise_drawn_afresh_for_every_question_averages_away_and_the_test_sees_it()
    {
        // The same differenced pair asked many times: with the synopsis every answer is the same; with fresh noise per
        // question the average converges on the truth. This is the test that fails if the noise is ever drawn per query.
        var (csv, truth, _) = Dataset(5);
        using var db = Load(csv, SecretSeed);
        double Recovered(Noise noise, int asked)
        {
            var oracle = new Oracle(db, noise);
            int cells = 0, exact = 0;
            foreach (var ((platform, country), logs) in truth.Where(t => t.Key.Country != Big).Take(10))
            {
                var differences = Enumerable.Range(0, asked).Select(_ =>
                    oracle.Logs(new StatsFilter { Platforms = [platform], Countries = [country, Big] })!.Value
                    - oracle.Logs(new StatsFilter { Platforms = [platform], Countries = [Big] })!.Value).ToList();
                if (noise == Noise.Synopsis) Assert.AreEqual(1, differences.Distinct().Count(), "the synopsis answers a question the same every time");
                cells++;
                if ((int)Math.Round(differences.Average()) == logs) exact++;
            }
            return (double)exact / cells;
        }
        var synopsis = Recovered(Noise.Synopsis, 50);
        var fresh = Recovered(Noise.FreshPerQuestion, 1200);
        Console.WriteLine($"recovered exactly: synopsis {synopsis:P0}, fresh noise per question {fresh:P0}");
        Assert.IsTrue(synopsis <= 0.25, $"synopsis: {synopsis:P0}");
        Assert.IsTrue(fresh >= 0.4, $"fresh noise per question should average away, but only {fresh:P0} came back");
    }

    [TestMethod]
    public void Fake_workers_around_one_real_log_do_not_give_its_pay_back()
    {
        // For each of 20 victims, a new platform where the attacker's 60 workers logged $1 an hour and 59 more $200: the
        // exact median of the 120 is then halfway between $1 and the victim's pay, so the victim's pay is 2 x median - 1.
        var random = new Random(8);
        var rows = new List<Dictionary<string, string>>();
        var victims = new Dictionary<string, double>();
        for (var v = 0; v < 20; v++)
        {
            var platform = $"Newco{v}";
            var pay = 15 + random.Next(2500) / 100.0;   // $15.00-$39.99 an hour for 10 hours
            victims[platform] = pay;
            rows.Add(Rows.Valid($"victim{v}", ("platform", platform), ("gross_pay", (pay * 10).ToString("0.00", CultureInfo.InvariantCulture)), ("paid_hours", "10")));
            for (var f = 0; f < 119; f++)
                rows.Add(Rows.Valid($"fake{v}-{f}", ("platform", platform), ("gross_pay", f < 60 ? "10" : "2000"), ("paid_hours", "10"), ("notes", $"{v}-{f}")));
        }
        using var db = Load(Rows.Csv([.. rows]), SecretSeed);
        int Recovered(bool exact)
        {
            var filter = new StatsFilter { By = ["platform"], Exact = exact };
            var groups = StatsReport.Compute(ContractRows.Load(db.Connection, filter), filter, sections: StatsSections.PayOnly).Pay.Groups;
            return victims.Count(v => groups.Single(g => g.Key.Platform == v.Key).Median is { } m && Math.Abs(2 * m - 1 - v.Value) < 0.5);
        }
        Assert.AreEqual(20, Recovered(exact: true), "without noise the median gives every victim's pay back (the attack works)");
        var published = Recovered(exact: false);
        Console.WriteLine($"{published} of 20 victims' pay recovered within 50 cents");
        Assert.IsTrue(published <= 2, $"{published} of 20 victims' pay came back within 50 cents");
    }

    [TestMethod]
    public void The_best_attacker_s_error_is_the_stated_one_and_meets_the_promise()
    {
        // The demo's shape: eight platforms, each its own parent; every shipped country; every task type.
        var demo = AttackerBound.For(Enumerable.Repeat(1, 8).ToList(), 250, ContractColumns.TaskTypes.Length);
        Console.WriteLine($"demo shape: min factor {demo.MinimumFactor:0.000}, SE {demo.StandardError:0.00} logs, exact recovery {demo.ExactRecovery:P1}, rho {demo.RhoPerLog:0}, epsilon {demo.Epsilon:0}");
        Assert.IsTrue(demo.StandardError >= 4, $"SE {demo.StandardError}");
        Assert.IsTrue(demo.ExactRecovery <= 0.10, $"exact recovery {demo.ExactRecovery}");
        // A larger catalogue (40 brands under 20 parents) leaves the bound where it was: more nodes, no better estimate.
        var large = AttackerBound.For(Enumerable.Repeat(2, 20).ToList(), 250, ContractColumns.TaskTypes.Length);
        Assert.IsTrue(large.StandardError >= 4, $"SE {large.StandardError} with 40 platforms");

        // Checked by simulation on one axis: noise on every node of a small tree, the least-squares estimate of a leaf
        // from all of them, its variance over many draws against the formula's.
        var axis = AttackerBound.Axis.Platforms([2, 3]);
        var factors = AttackerBound.Of(axis);
        var under = factors.LeavesUnder();
        var random = new Random(3);
        var estimates = new List<double>();
        for (var trial = 0; trial < 20000; trial++)
        {
            var noise = Enumerable.Range(0, axis.Nodes).Select(_ => Gaussian(random)).ToArray();
            // The estimate of leaf 0: sum over leaves b of Inverse[0, b] * (sum of noise over nodes above b).
            double estimate = 0;
            for (var b = 0; b < factors.Leaves.Length; b++)
                for (var n = 0; n < axis.Nodes; n++)
                    if (under[n].Contains(b)) estimate += factors.Inverse[0, b] * noise[n];
            estimates.Add(estimate);
        }
        var variance = estimates.Select(e => e * e).Average();
        Assert.AreEqual(factors.Factor([0]), variance, 0.03, "simulated variance of the best estimate against the formula");
    }

    /// <summary>
    /// Averaging one figure over many releases: the attacker reads an unchanged node's noisy count at releases 1..R and
    /// makes the best linear estimate from all of them (generalised least squares, knowing which blocks of the release
    /// tree each release shares). Measured with the synopsis's own draws over 2,000 nodes, its error must be the stated
    /// SE / sqrt(1 + floor(log2 R)), and drawing each release afresh (the mutation) must do far worse.
    /// </summary>
    [TestMethod]
    public void Averaging_one_figure_over_many_releases_gains_only_the_log2_draws_of_the_release_tree()
    {
        const int releases = 16;
        var secret = new byte[32];
        new Random(5).NextBytes(secret);
        // The covariance of the releases' noise, in units of one draw's variance: the blocks two releases share.
        var blocks = Enumerable.Range(1, releases).Select(r => Synopsis.Blocks(r).ToHashSet()).ToArray();
        var covariance = new double[releases, releases];
        for (var a = 0; a < releases; a++)
            for (var b = 0; b < releases; b++)
                covariance[a, b] = blocks[a].Intersect(blocks[b]).Count();
        var weights = GlsWeights(covariance);
        double Error(double[] w, Func<int, int, long> noise) =>
            Math.Sqrt(Enumerable.Range(0, 2000).Select(node => Enumerable.Range(0, releases).Sum(r => w[r] * noise(node, r + 1))).Select(e => e * e).Average());
        var tree = Error(weights, (node, r) => new Synopsis(secret, r).NodeNoise("logs", $"node{node}"));
        // The mutation: a fresh draw every release, whose best estimate is the plain mean.
        var fresh = Error([.. Enumerable.Repeat(1.0 / releases, releases)], (node, r) => new Synopsis(secret, 1).NodeNoise("logs", $"node{node}/release{r}"));
        var stated = Math.Sqrt(Synopsis.Variance) / Math.Sqrt(1 + Math.Floor(Math.Log2(releases)));
        Console.WriteLine($"after {releases} releases: one node's best estimate SE {tree:0.00} logs (stated {stated:0.00}); with noise drawn afresh each release {fresh:0.00}");
        Assert.AreEqual(stated, tree, stated * 0.06, "the tree's error after R releases is the stated one");
        Assert.IsTrue(fresh < tree * 0.75, $"fresh draws each release average down further ({fresh:0.00} against {tree:0.00})");
        // And the statement the methodology gives for the whole synopsis follows the same law, as `release` prints it.
        var demo = AttackerBound.Demo;
        Assert.AreEqual(demo.StandardError / Math.Sqrt(5), demo.StandardErrorAfter(releases), 1e-9);
        Assert.AreEqual(demo.ExactRecovery, demo.ExactRecoveryAfter(1), 1e-12);
        Assert.IsTrue(demo.ExactRecoveryAfter(16) is > 0.20 and < 0.23, $"{demo.ExactRecoveryAfter(16)}");
        StringAssert.Contains(demo.After(16), "standard error of 1.8 logs, exactly right 22% of the time");
    }

    /// <summary>The minimum-variance unbiased weights on correlated observations of one value: C^-1 1 / (1' C^-1 1).</summary>
    static double[] GlsWeights(double[,] covariance)
    {
        var n = covariance.GetLength(0);
        var m = new double[n, n + 1];
        for (var r = 0; r < n; r++) { for (var c = 0; c < n; c++) m[r, c] = covariance[r, c]; m[r, n] = 1; }
        for (var col = 0; col < n; col++)   // Gauss-Jordan with partial pivoting
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(m[r, col]));
            for (var c = 0; c <= n; c++) (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            for (var r = 0; r < n; r++)
            {
                if (r == col) continue;
                var f = m[r, col] / m[col, col];
                for (var c = col; c <= n; c++) m[r, c] -= f * m[col, c];
            }
        }
        var x = Enumerable.Range(0, n).Select(r => m[r, n] / m[r, r]).ToArray();
        var total = x.Sum();
        return [.. x.Select(v => v / total)];
    }

    static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
