using LaborWatch.Contracts;

namespace LaborWatch.Tests.Contracts;

/// <summary>
/// Every stored row hash is a hash of ContractStore.Canonical: a re-import finds a log already stored only while
/// its characters stay the same. Pinned here field by field (invariant numbers, doubles round-trip "R", empty for
/// null, U+001F after each), so that a rewrite of it (for speed, say: it boxes every value) cannot change them.
/// </summary>
[TestClass]
public sealed class CanonicalTests
{
    [TestMethod]
    public void The_canonical_text_of_a_log_keeps_its_characters()
    {
        var log = new ContractLog
        {
            Submitter = "w1", PlatformName = "Annotara", PlatformSlug = "annotara", TaskType = "coding", Country = "KE", Region = null,
            StartMonth = "2025-03", EndMonth = "2025-06", DurationWeeks = 13, Status = "completed", NoticeHours = 0.1,
            PayBasis = "hourly", AdvertisedRateMinor = 2100, AdvertisedUnit = "hour", Currency = "USD", GrossPayMinor = 123456, PaidHours = 1.0 / 3,
            UnpaidHours = [0, 2.5, 1e-7, 12345.678, 2e21, 0.5], PaymentDelayDays = 45, RateCut = 1,
            Flags = [1, 0, null, 1, null, null, 0, 0, 1, 1, null, 0, 1, 0, null, 1], Notes = "a b", Synthetic = true,
        };
        CollectionAssert.AreEqual(new[]
        {
            "ABCDEF0123", "annotara", "coding", "KE", "", "2025-03", "2025-06", "13", "completed", "0.1",
            "hourly", "2100", "hour", "USD", "123456", "0.3333333333333333",
            "0", "2.5", "1E-07", "12345.678", "2E+21", "0.5", "45", "1",
            "1", "0", "", "1", "", "", "0", "0", "1", "1", "", "0", "1", "0", "", "1",
            "a b", "1", "",
        }, ContractStore.Canonical(log, "ABCDEF0123").Split('\u001f'));
        var bare = log with { Country = null, EndMonth = null, DurationWeeks = null, NoticeHours = null, AdvertisedRateMinor = null, AdvertisedUnit = null, PaymentDelayDays = null, RateCut = null, Notes = null, Synthetic = false };
        StringAssert.StartsWith(ContractStore.Canonical(bare, ""), "\u001fannotara\u001fcoding\u001f\u001f\u001f2025-03\u001f\u001f\u001fcompleted\u001f\u001fhourly\u001f\u001f\u001fUSD\u001f123456\u001f");
        StringAssert.EndsWith(ContractStore.Canonical(bare, ""), "\u001f1\u001f\u001f0\u001f", "the last flag, no notes, not synthetic");
    }

    /// <summary>
    /// The keys as every stored row was keyed: SHA-256 over the secret and the UTF-8 text, the first 16 bytes for a
    /// row, all 32 for a submitter ("id:" and the raw id); a log without one is its own submitter ("row:" and the
    /// row hash in hex). Computed here the plain way, against the keyer's buffer that it writes the text into.
    /// </summary>
    [TestMethod]
    public void The_keys_are_the_hashes_of_the_secret_and_the_text()
    {
        var secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        byte[] Sha(string text) => System.Security.Cryptography.SHA256.HashData([.. secret, .. System.Text.Encoding.UTF8.GetBytes(text)]);
        var log = new ContractLog
        {
            Submitter = "wörker 7", PlatformName = "Annotara", PlatformSlug = "annotara", TaskType = "coding", StartMonth = "2025-03",
            Status = "active", PayBasis = "hourly", Currency = "USD", GrossPayMinor = 9_223_372_036_854_775_807, PaidHours = -1e-300,
            UnpaidHours = [double.MaxValue, 0, 0, 0, 0, 0], Flags = new int?[16], Notes = "naïve – «quoted»",
        };
        using var keyer = new ContractStore.Keyer(secret);
        for (var round = 0; round < 2; round++)   // the second time from the keyer's memory of the submitter
        {
            var keyed = keyer.Key(log);
            var submitterKey = Sha("id:wörker 7");
            CollectionAssert.AreEqual(submitterKey, keyed.SubmitterKey);
            CollectionAssert.AreEqual(Sha(ContractStore.Canonical(log, Convert.ToHexString(submitterKey)))[..16], keyed.RowHash);
        }
        var alone = keyer.Key(log with { Submitter = null });
        CollectionAssert.AreEqual(Sha(ContractStore.Canonical(log with { Submitter = null }, ""))[..16], alone.RowHash);
        CollectionAssert.AreEqual(Sha("row:" + Convert.ToHexString(alone.RowHash)), alone.SubmitterKey);
        CollectionAssert.AreEqual(Sha("content:" + ContractStore.Canonical(log with { Submitter = null }, ""))[..16], keyer.ContentHash(log));
        StringAssert.Contains(ContractStore.Canonical(log, ""), "\u001f9223372036854775807\u001f-1E-300\u001f1.7976931348623157E+308\u001f");
    }

    /// <summary>
    /// The keyer remembers the text of hours it formatted (by the double's bits): a value met again, and 0 against -0
    /// (equal as doubles, "0" and "-0" as text), hash exactly as a fresh keyer's text says.
    /// </summary>
    [TestMethod]
    public void Hours_met_again_hash_as_when_first_formatted()
    {
        var secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        byte[] Sha(string text) => System.Security.Cryptography.SHA256.HashData([.. secret, .. System.Text.Encoding.UTF8.GetBytes(text)]);
        var log = new ContractLog
        {
            PlatformName = "Annotara", PlatformSlug = "annotara", TaskType = "coding", StartMonth = "2025-03",
            Status = "active", PayBasis = "hourly", Currency = "USD", GrossPayMinor = 100, UnpaidHours = new double[6], Flags = new int?[16],
        };
        using var keyer = new ContractStore.Keyer(secret);
        foreach (var hours in new[] { 0.0, -0.0, 0.0, 2.5, 0.1 + 0.2, 2.5, 0.3, -0.0, 0.1 + 0.2 })
        {
            var each = log with { PaidHours = hours, NoticeHours = hours };
            CollectionAssert.AreEqual(Sha(ContractStore.Canonical(each, ""))[..16], keyer.Key(each).RowHash, $"{hours:R}");
        }
        StringAssert.Contains(ContractStore.Canonical(log with { PaidHours = -0.0 }, ""), "\u001f-0\u001f");
    }
}
