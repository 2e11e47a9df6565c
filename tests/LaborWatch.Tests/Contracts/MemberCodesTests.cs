using System.Globalization;
using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Privacy;

namespace LaborWatch.Tests.Contracts;

/// <summary>Member codes: one-time, stored only as hashes, deleted when used, and the rule that publishes only coded posts.</summary>
[TestClass]
public sealed class MemberCodesTests
{
    static ContractLog Log(int pay) =>
        new ContractValidator().Validate(ContractColumns.All.Select(c => Rows.Valid("x", ("gross_pay", pay.ToString(CultureInfo.InvariantCulture))).GetValueOrDefault(c)).ToArray()).Log!;

    [TestMethod]
    public void A_code_makes_a_post_its_own_worker_once_and_a_used_or_unknown_code_stores_nothing()
    {
        using var db = new TestDatabase();
        var codes = MemberCodes.Issue(db.Connection, 3, new DateOnly(2026, 12, 1));
        Assert.AreEqual(3, codes.Distinct().Count());
        Assert.IsTrue(codes.All(c => MemberCodes.Normalize(c) is { Length: 20 } && c.Length == 24), string.Join(" ", codes));
        Assert.AreEqual(new MemberCodeStatus(3, 3), MemberCodes.Status(db.Connection));

        // Two posts of one network's day-worker, each with its own code: two workers, not one.
        SubmissionStore.Submit(db.Connection, [Log(201)], daySubmitter: "same-network", memberCode: codes[0]);
        SubmissionStore.Submit(db.Connection, [Log(202)], daySubmitter: "same-network", memberCode: codes[1]);
        SubmissionStore.Submit(db.Connection, [Log(203)], daySubmitter: "same-network");
        Assert.AreEqual((3L, 3L, 2L), db.Connection.QuerySingle<(long, long, long)>("SELECT count(*), count(DISTINCT submitter_id), sum(member_code) FROM contracts"));
        Assert.AreEqual(new MemberCodeStatus(3, 1), MemberCodes.Status(db.Connection));

        Assert.ThrowsExactly<UnknownMemberCodeException>(() => SubmissionStore.Submit(db.Connection, [Log(204)], memberCode: codes[0]), "used already");
        Assert.ThrowsExactly<UnknownMemberCodeException>(() => SubmissionStore.Submit(db.Connection, [Log(205)], memberCode: "AAAA-AAAA-AAAA-AAAA-AAAA"), "never issued");
        Assert.AreEqual(3L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts"), "nothing stored, no receipt either");
        Assert.AreEqual(3L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM receipts"));
    }

    [TestMethod]
    public void Under_require_codes_a_release_publishes_coded_posts_and_imports_only()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("survey.csv", Rows.Csv(Rows.Valid("survey-1"), Rows.Valid("survey-2", ("gross_pay", "300")))));
        Releases.SetRequireCodes(db.Connection, true);
        var codes = MemberCodes.Issue(db.Connection, 2, new DateOnly(2026, 12, 1));
        var coded = SubmissionStore.Submit(db.Connection, [Log(211)], memberCode: codes[0]).ReceiptCode;
        SubmissionStore.Submit(db.Connection, [Log(212)]);   // no code
        ReviewQueue.Decide(db.Connection, ReviewQueue.Pending(db.Connection).Select(p => p.Id), approve: true);
        var cut = Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch, force: true);
        Assert.AreEqual(3L, cut.Cut!.Logs, "the import's two logs and the coded post: " + cut.Message);

        // A correction of the coded log stays coded, and is published in its place at the next release.
        var logId = SubmissionStore.View(db.Connection, coded)!.Single().Id;
        SubmissionStore.Correct(db.Connection, coded, logId, Log(219));
        ReviewQueue.Decide(db.Connection, ReviewQueue.Pending(db.Connection).Select(p => p.Id), approve: true);
        Assert.AreEqual(3L, Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch.AddDays(1), force: true).Cut!.Logs);
        Assert.AreEqual(1L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE gross_pay_minor = 21900 AND member_code = 1 AND released_in IS NOT NULL"));

        Releases.SetRequireCodes(db.Connection, false);
        Assert.AreEqual(1L, Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch.AddDays(2), force: true).Cut!.Added, "without the rule the uncoded post is published too");
    }
}
