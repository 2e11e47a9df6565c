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
}
