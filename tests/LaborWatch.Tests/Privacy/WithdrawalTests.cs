using System.Globalization;
using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Reports;

namespace LaborWatch.Tests.Privacy;

/// <summary>
/// A worker who deletes or corrects a published log through the receipt changes nothing public until the next
/// release, and that release needs k workers' changes: a before/after look at the figures must not name the log.
/// </summary>
[TestClass]
public sealed class WithdrawalTests
{
    const int K = 5;

    static ContractLog Log(string platform, string country, int pay) =>
        new ContractValidator().Validate(ContractColumns.All.Select(c => Rows.Valid("x",
            ("platform", platform), ("country", country), ("gross_pay", pay.ToString(CultureInfo.InvariantCulture))).GetValueOrDefault(c)).ToArray()).Log!;

    /// <summary>One worker's post, approved (first logs of a kind wait for a reviewer); its receipt code.</summary>
    static string Post(TestDatabase db, string platform, string country, int pay)
    {
        var code = SubmissionStore.Submit(db.Connection, [Log(platform, country, pay)]).ReceiptCode;
        ReviewQueue.Decide(db.Connection, ReviewQueue.Pending(db.Connection).Select(p => p.Id), approve: true);
        return code;
    }

    static string Published(TestDatabase db, StatsFilter filter)
    {
        using var buffer = new MemoryStream();
        StatsReport.Compute(ContractRows.Load(db.Connection, filter), filter).WriteJson(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static readonly StatsFilter[] Views =
        [new(), new() { By = ["platform"] }, new() { By = ["country"] }, new() { By = ["platform", "country"] }, new() { Countries = ["KE"] }];

    [TestMethod]
    public void A_deleted_published_log_stays_in_the_figures_until_a_release_that_k_workers_changed_then_is_erased()
    {
        using var db = new TestDatabase();
        var victim = Post(db, "Alpha", "KE", 333);
        for (var w = 0; w < 40; w++) Post(db, "Alpha", "US", 100 + w);
        Assert.IsNotNull(Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch).Cut);
        var before = Views.Select(v => Published(db, v)).ToList();
        var exactBefore = ContractRows.Load(db.Connection, new StatsFilter { Exact = true }).Rows.Count();

        Assert.AreEqual(1, SubmissionStore.Delete(db.Connection, victim, out var withdrawn));
        Assert.AreEqual(1, withdrawn, "the log was published, so it waits for the next release");
        CollectionAssert.AreEqual(before, Views.Select(v => Published(db, v)).ToList(), "nothing public changes before the next release");
        Assert.AreEqual(exactBefore - 1, ContractRows.Load(db.Connection, new StatsFilter { Exact = true }).Rows.Count(), "the exact figures leave it out at once");
        Assert.IsNull(SubmissionStore.View(db.Connection, victim), "the receipt is gone at once");
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE withdrawn = 1 AND (notes IS NOT NULL OR receipt_id IS NOT NULL)"));

        // The deletion alone, or with fewer than k - 1 others, is no release.
        for (var w = 0; w < K - 2; w++) Post(db, "Beta", "US", 200 + w);
        var refused = Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch.AddDays(1));
        Assert.IsNull(refused.Cut, refused.Message);
        StringAssert.Contains(refused.Message, "1 withdrawn log(s) wait to leave the figures; together from 4 worker(s)");
        CollectionAssert.AreEqual(before, Views.Select(v => Published(db, v)).ToList());

        Post(db, "Beta", "US", 299);
        var cut = Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch.AddDays(1));
        Assert.IsNotNull(cut.Cut, cut.Message);
        StringAssert.Contains(cut.Message, "1 withdrawn");
        Assert.AreEqual((0L, 0L), db.Connection.QuerySingle<(long, long)>(
            "SELECT count(*), (SELECT count(*) FROM contracts WHERE gross_pay_minor = 33300) FROM contracts WHERE withdrawn = 1"), "the cut erases it");
        Assert.AreEqual(44L, cut.Cut!.Logs);
    }

    [TestMethod]
    public void A_corrected_published_log_is_replaced_in_the_figures_at_the_next_release()
    {
        using var db = new TestDatabase();
        for (var w = 0; w < 40; w++) Post(db, "Alpha", "US", 100 + w);
        var code = Post(db, "Alpha", "US", 777);
        Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch);
        var logId = SubmissionStore.View(db.Connection, code)!.Single().Id;
        var before = Published(db, new StatsFilter());

        var outcome = SubmissionStore.Correct(db.Connection, code, logId, Log("Alpha", "US", 777) with { Notes = null });
        Assert.IsNotNull(outcome, "a correction that restates the log is a new row, not a duplicate of the withdrawn one");
        ReviewQueue.Decide(db.Connection, ReviewQueue.Pending(db.Connection).Select(p => p.Id), approve: true);
        Assert.AreEqual(before, Published(db, new StatsFilter()), "the old log stays published, the new one waits");
        Assert.AreEqual(1, SubmissionStore.View(db.Connection, code)!.Count, "the receipt shows the corrected log only");

        for (var w = 0; w < K; w++) Post(db, "Beta", "US", 200 + w);
        Assert.IsNotNull(Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch.AddDays(1)).Cut);
        Assert.AreEqual(46, ContractRows.Load(db.Connection, new StatsFilter()).Rows.Count(), "41 + 5 others: the correction replaced the log");
        Assert.AreEqual(1L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE gross_pay_minor = 77700"));
    }

    /// <summary>
    /// Twenty platforms of twelve workers; one worker of each of ten deletes a published log; five other workers post
    /// on a platform of their own, so the next release is cut. The attacker differences each platform's published
    /// logs across the two releases and rounds: a deletion shows as -1, none as 0. Without noise the attack reads all
    /// twenty; against the synopsis the differences are fresh noise, so it reads about as many as a guess does.
    /// </summary>
    [TestMethod]
    public void Differencing_two_releases_around_one_deletion_per_platform_does_not_say_which_platforms_lost_a_log()
    {
        using var db = new TestDatabase();
        var codes = new Dictionary<string, string>();
        for (var p = 0; p < 20; p++)
            for (var w = 0; w < 12; w++)
                codes.TryAdd($"P{p:D2}", Post(db, $"P{p:D2}", "US", 100 + 10 * w + p));
        Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch);
        int? LogsOf(string platform, bool exact) => StatsReport.Compute(
                ContractRows.Load(db.Connection, new StatsFilter { Platforms = [platform], Exact = exact }),
                new StatsFilter { Platforms = [platform], Exact = exact }, sections: StatsSections.PayOnly).Pay.Groups is [{ Suppressed: false } g] ? g.Logs : null;
        var platforms = codes.Keys.Order().ToList();
        var first = platforms.ToDictionary(p => p, p => (Published: LogsOf(p, false)!.Value, Exact: LogsOf(p, true)!.Value));

        var deleted = platforms.Where((_, i) => i % 2 == 0).ToHashSet();
        foreach (var p in deleted) SubmissionStore.Delete(db.Connection, codes[p]);
        var exactRead = platforms.Count(p => LogsOf(p, true)!.Value - first[p].Exact == (deleted.Contains(p) ? -1 : 0));
        Assert.AreEqual(20, exactRead, "the control: without noise the difference names every deletion");
        Assert.IsTrue(platforms.All(p => LogsOf(p, false) == first[p].Published), "before the next release nothing public moves");

        for (var w = 0; w < K; w++) Post(db, "Others", "US", 500 + w);
        Assert.IsNotNull(Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch.AddDays(1)).Cut);
        var read = platforms.Count(p => LogsOf(p, false)!.Value - first[p].Published == (deleted.Contains(p) ? -1 : 0));
        Assert.IsTrue(read <= 4, $"{read} of 20 platforms' deletions read from two releases' difference (a guess of 0 or -1 reads none or all; the noise about 1 in 10)");
    }
}
