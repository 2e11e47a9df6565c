using Dapper;
using LaborWatch.Contracts;

namespace LaborWatch.Tests.Contracts;

[TestClass]
public sealed class SubmissionStoreTests
{
    [TestMethod]
    public void Modified_z_score_follows_iglewicz_and_hoaglin()
    {
        // median 10, absolute deviations 0,1,1,2,2 -> MAD 1: z = 0.6745 * (x - 10) / 1.
        double[] baseline = [8, 9, 10, 11, 12];
        Assert.AreEqual(0.6745 * 5, OutlierCheck.ModifiedZ(15, baseline)!.Value, 1e-12);
        Assert.AreEqual(-0.6745 * 6, OutlierCheck.ModifiedZ(4, baseline)!.Value, 1e-12);
        // MAD 0 falls back to the mean absolute deviation: median 10, deviations 0,0,0,0,10 -> mean 2.
        Assert.AreEqual(5 / (1.253314 * 2), OutlierCheck.ModifiedZ(15, [10, 10, 10, 10, 20])!.Value, 1e-12);
        Assert.IsNull(OutlierCheck.ModifiedZ(1, []));
    }

    [TestMethod]
    public void Receipt_codes_carry_160_bits_and_forgive_how_they_are_typed()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => ReceiptCode.New()).ToList();
        Assert.AreEqual(1000, codes.Distinct().Count());
        foreach (var code in codes.Take(20))
        {
            Assert.AreEqual(39, code.Length, code);   // 32 characters in 8 groups of 4
            var normalized = ReceiptCode.Normalize(code)!;
            Assert.AreEqual(normalized, ReceiptCode.Normalize(" " + code.ToLowerInvariant().Replace("-", " ") + "\n"));
            Assert.AreEqual(normalized, ReceiptCode.Normalize(code.Replace('0', 'O').Replace('1', 'l')));
        }
        Assert.IsTrue(codes.SelectMany(c => c.Replace("-", "")).Distinct().Count() == 32, "every symbol of the alphabet is used");
        Assert.IsNull(ReceiptCode.Normalize("ABCD"));
        Assert.IsNull(ReceiptCode.Normalize(new string('U', 32)), "U is not a Crockford symbol");
    }

    static ContractLog Log(long grossCents, string notes = "") => new ContractValidator().Validate(
        ContractColumns.All.Select(c => c switch
        {
            "platform" => "Annotatrix", "task_type" => "coding", "started" => "2025-03", "status" => "active",
            "pay_basis" => "hourly", "currency" => "USD", "gross_pay" => (grossCents / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "paid_hours" => "10", "notes" => notes.Length == 0 ? null : notes, _ => (string?)null,
        }).ToArray()).Log!;

    /// <summary>Approves every pending log: a researcher letting the first reports of a new platform in.</summary>
    static void ApproveAll(System.Data.Common.DbConnection connection) =>
        ReviewQueue.Decide(connection, ReviewQueue.Pending(connection, 1000).Select(p => p.Id), approve: true);

    [TestMethod]
    public void Notes_duplicates_and_outliers_wait_for_review_and_the_rest_counts()
    {
        using var db = new TestDatabase();
        var connection = db.Connection;
        // Twelve receipts of one log each around $20/h form the baseline: a new platform, so a person let them in.
        for (var i = 0; i < 12; i++)
            Assert.AreEqual("new_platform", SubmissionStore.Submit(connection, [Log(19_000 + i * 200)]).Logs[0].ReviewReason);
        ApproveAll(connection);
        var result = SubmissionStore.Submit(connection, [Log(20_500), Log(20_500), Log(19_000), Log(300_000), Log(21_000, "was told to log off early")]);

        CollectionAssert.AreEqual(new[] { "approved", "duplicate", "pending", "pending", "pending" }, result.Logs.Select(l => l.Moderation).ToArray());
        CollectionAssert.AreEqual(new[] { null, "repeats another log of this submission", "duplicate", "outlier", "notes" }, result.Logs.Select(l => l.ReviewReason).ToArray());
        Assert.AreEqual(1L, connection.ExecuteScalar<long>("SELECT count(DISTINCT submitter_id) FROM contracts WHERE receipt_id = (SELECT max(id) FROM receipts)"));

        var pending = ReviewQueue.Pending(connection);
        Assert.AreEqual(3, pending.Count);
        Assert.AreEqual("was told to log off early", pending.Single(p => p.ReviewReason == "notes").Notes);
        var version = LaborWatch.Data.DataVersion.Of(connection);
        Assert.AreEqual(2, ReviewQueue.Decide(connection, pending.Take(2).Select(p => p.Id), approve: true));
        Assert.AreEqual(version, LaborWatch.Data.DataVersion.Of(connection), "a decision changes nothing public until the next release");
        Assert.IsNotNull(LaborWatch.Privacy.Releases.Cut(connection, 1, DateTimeOffset.UnixEpoch).Cut);
        Assert.AreNotEqual(version, LaborWatch.Data.DataVersion.Of(connection), "the release publishes the decision");
        Assert.AreEqual(0, ReviewQueue.Decide(connection, pending.Take(2).Select(p => p.Id), approve: false), "only pending logs can be decided");
        var notesLog = pending.Single(p => p.ReviewReason == "notes").Id;
        Assert.AreEqual(1, ReviewQueue.Decide(connection, [notesLog], approve: false));
        Assert.AreEqual(("rejected", (string?)null), connection.QuerySingle<(string, string?)>("SELECT moderation, notes FROM contracts WHERE id = @notesLog", new { notesLog }),
            "a rejected log keeps no notes");
    }

    [TestMethod]
    public void Without_a_baseline_of_ten_nothing_is_an_outlier()
    {
        using var db = new TestDatabase();
        var connection = db.Connection;
        for (var i = 0; i < OutlierCheck.MinimumBaseline - 1; i++) SubmissionStore.Submit(connection, [Log(20_000 + i * 100)]);
        ApproveAll(connection);
        Assert.AreEqual("approved", SubmissionStore.Submit(connection, [Log(900_000)]).Logs[0].Moderation);
    }

    [TestMethod]
    public void The_client_key_never_holds_the_address_and_changes_with_the_day()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 23, 59, 0, TimeSpan.Zero));
        var keys = new LaborWatch.Web.Submissions.ClientKeys(clock);
        var address = System.Net.IPAddress.Parse("203.0.113.9");
        var today = keys.Of(address);
        Assert.AreEqual(today, keys.Of(address));
        Assert.AreNotEqual(today, keys.Of(System.Net.IPAddress.Parse("203.0.113.10")));
        Assert.IsFalse(today.Contains("203", StringComparison.Ordinal) && today.Contains("113", StringComparison.Ordinal));
        // One IPv6 /64 is one client.
        Assert.AreEqual(keys.Of(System.Net.IPAddress.Parse("2001:db8:1:2::1")), keys.Of(System.Net.IPAddress.Parse("2001:db8:1:2:ffff::9")));
        clock.Now = clock.Now.AddMinutes(2);
        Assert.AreNotEqual(today, keys.Of(address), "a new key each UTC day: yesterday's keys match nothing");
    }

    sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [TestMethod]
    [DataRow("a\0b", "ab")]
    [DataRow("rate \u202Ecut\u202C today", "rate cut today")]
    [DataRow("line one\nline two\tend", "line one\nline two\tend")]
    public void The_scrubber_drops_control_and_direction_characters(string input, string expected) =>
        Assert.AreEqual(expected, NotesScrubber.Scrub(input));
}
