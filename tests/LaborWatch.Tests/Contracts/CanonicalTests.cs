using System.Globalization;
using System.Text;
using LaborWatch.Contracts;
using LaborWatch.Sample;

namespace LaborWatch.Tests.Contracts;

/// <summary>
/// Every stored row hash is a hash of ContractStore.Canonical: a re-import finds a log already stored only while
/// its characters stay the same. Held here to the first version's, kept below as it was written, so that a
/// rewrite of it (for speed, say: it boxes every value) cannot change them unnoticed.
/// </summary>
[TestClass]
public sealed class CanonicalTests
{
    static string FirstVersion(ContractLog log, string submitterKey)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(256);
        void Add(object? v) => sb.Append(v switch
        {
            null => "",
            double d => d.ToString("R", c),
            IFormattable f => f.ToString(null, c),
            _ => v.ToString(),
        }).Append('\u001f');
        Add(submitterKey); Add(log.PlatformSlug); Add(log.TaskType); Add(log.Country); Add(log.Region);
        Add(log.StartMonth); Add(log.EndMonth); Add(log.DurationWeeks); Add(log.Status); Add(log.NoticeHours);
        Add(log.PayBasis); Add(log.AdvertisedRateMinor); Add(log.AdvertisedUnit); Add(log.Currency);
        Add(log.GrossPayMinor); Add(log.PaidHours);
        foreach (var h in log.UnpaidHours) Add(h);
        Add(log.PaymentDelayDays); Add(log.RateCut);
        foreach (var f in log.Flags) Add(f);
        Add(log.Notes); Add(log.Synthetic ? 1 : 0);
        return sb.ToString();
    }

    [TestMethod]
    public void The_canonical_text_of_every_log_is_the_first_versions()
    {
        using var text = new StringWriter();
        SampleGenerator.Write(text, 3000, seed: 7);
        var validator = new ContractValidator();
        var logs = RawRecords.Read("sample.csv", new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())))
            .Select(r => validator.Validate(r.Values).Log).OfType<ContractLog>().ToList();
        Assert.IsTrue(logs.Count > 2900, $"{logs.Count} sample logs read");
        var odd = logs[0] with
        {
            NoticeHours = 0.1, PaidHours = 1e-7, UnpaidHours = [12345.678, 0, 1.0 / 3, 2e21, 5e-324, 0.5],
            GrossPayMinor = long.MaxValue, AdvertisedRateMinor = -1, DurationWeeks = null, PaymentDelayDays = 0, RateCut = null,
            Flags = [.. logs[0].Flags.Select((f, i) => i % 3 == 0 ? null : f)], Notes = "a\u001fb é", Country = null, Region = null,
        };
        foreach (var log in logs.Append(odd))
            foreach (var key in new[] { "", "ABCDEF0123" })
                Assert.AreEqual(FirstVersion(log, key), ContractStore.Canonical(log, key));
    }
}
