using LaborWatch.Contracts;

namespace LaborWatch.Tests.Privacy;

[TestClass]
public sealed class NotesScrubberTests
{
    [TestMethod]
    [DataRow("mail me: jane.doe+ai@example.co.uk thanks", "mail me: [removed email] thanks")]
    [DataRow("see https://example.org/profile/123 for proof", "see [removed url] for proof")]
    [DataRow("call +1 (415) 555-0199 any time", "call [removed phone] any time")]
    [DataRow("I'm @jane_doe on the forum", "I'm [removed handle] on the forum")]
    [DataRow("paid to DE89 3704 0044 0532 0130 00 late", "paid to [removed iban] late")]
    [DataRow("card 4111 1111 1111 1111 was charged", "card [removed card] was charged")]
    [DataRow("write to jane dot w at gmail dot com please", "write to [removed email] please")]
    [DataRow("jane(at)mail[dot]org", "[removed email]")]
    [DataRow("I am janew.ke on the forum", "I am [removed handle] on the forum")]
    [DataRow("ping jane#4412 on the server", "ping [removed handle] on the server")]
    [DataRow("my discord is jane.w_ke", "my discord is [removed handle]")]
    [DataRow("telegram: @janew", "telegram: [removed handle]")]
    [DataRow("my worker id OUT-88213 was locked", "my worker id [removed id] was locked")]
    [DataRow("worker ID is 88213", "worker ID is [removed id]")]
    [DataRow("account no. A77K21 closed", "account no. [removed id] closed")]
    [DataRow("my name is Jane Wanjiru and I rate", "my name is [removed name] and I rate")]
    [DataRow("regards, Jane", "regards, [removed name]")]
    [DataRow("call 0712 345 678 or +254712345678", "call [removed phone] or [removed phone]")]
    [DataRow("tel. (02) 9876 5432", "tel. [removed phone]")]
    [DataRow("proof at bit.ly/3xYz and t.me/janew", "proof at [removed url] and [removed url]")]
    [DataRow("http://192.0.2.7:8080/x", "[removed url]")]
    [DataRow("the timer gave 20 minutes for 35 minutes of work", "the timer gave 20 minutes for 35 minutes of work")]
    [DataRow("paid at 21 dollars, then cut to 16. The project ended in March at 5pm.", "paid at 21 dollars, then cut to 16. The project ended in March at 5pm.")]
    [DataRow("rates e.g. $18/hr for RLHF, i.e. less than promised; 3.5 hours unpaid", "rates e.g. $18/hr for RLHF, i.e. less than promised; 3.5 hours unpaid")]
    [DataRow("I am Kenyan and work at night", "I am Kenyan and work at night")]
    [DataRow("this is Jane Wanjiru from the project", "this is [removed name] from the project")]
    public void Removes_each_kind_of_identifier(string input, string expected) =>
        Assert.AreEqual(expected, NotesScrubber.Scrub(input));

    [TestMethod]
    public void A_note_is_dropped_when_its_log_is_decided_and_leaves_the_files()
    {
        using var db = new TestDatabase();
        const string note = "Zebraquill project paid 20 of 35 minutes";
        foreach (var approve in new[] { true, false })
        {
            var values = Rows.Valid("x", ("notes", note), ("gross_pay", approve ? "210" : "220"));
            var log = new LaborWatch.Contracts.ContractValidator().Validate(LaborWatch.Contracts.ContractColumns.All.Select(c => values.GetValueOrDefault(c)).ToArray()).Log!;
            LaborWatch.Contracts.SubmissionStore.Submit(db.Connection, [log]);
            var pending = LaborWatch.Contracts.ReviewQueue.Pending(db.Connection);
            Assert.AreEqual(note, pending.Single().Notes, "the reviewer reads it");
            LaborWatch.Contracts.ReviewQueue.Decide(db.Connection, pending.Select(p => p.Id), approve);
        }
        Assert.AreEqual(0L, Dapper.SqlMapper.ExecuteScalar<long>(db.Connection, "SELECT count(*) FROM contracts WHERE notes IS NOT NULL"), "approved or rejected, the note is gone");
        if (TestStore.Postgres) return;   // the files: SQLite's secure_delete and the WAL checkpoint
        foreach (var file in new[] { db.Path, db.Path + "-wal" }.Where(File.Exists))
            Assert.IsFalse(System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(file)).Contains("Zebraquill", StringComparison.Ordinal), file);
    }
}
