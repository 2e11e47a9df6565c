using LaborWatch.Stats;

namespace LaborWatch.Tests.Stats;

[TestClass]
public sealed class KaplanMeierTests
{
    /// <summary>
    /// The 6-MP arm of the Freireich et al. (1963) leukaemia trial as used by Gehan (1965) and most survival
    /// textbooks (e.g. Kleinbaum and Klein, Survival Analysis, ch. 2): weeks in remission, + = censored.
    /// 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+
    /// Published estimates: 0.857 (6), 0.807 (7), 0.753 (10), 0.690 (13), 0.627 (16), 0.538 (22), 0.448 (23).
    /// </summary>
    static readonly (int Time, bool Event)[] SixMp =
    [
        (6, true), (6, true), (6, true), (6, false), (7, true), (9, false), (10, true), (10, false), (11, false),
        (13, true), (16, true), (17, false), (19, false), (20, false), (22, true), (23, true), (25, false),
        (32, false), (32, false), (34, false), (35, false),
    ];

    [TestMethod]
    public void Reproduces_the_textbook_6MP_estimates_with_ties_and_censoring()
    {
        var curve = KaplanMeier.Estimate(SixMp.Select(o => new KaplanMeier.Observation(o.Time, o.Event)));
        var expected = new Dictionary<int, double> { [6] = 0.8571, [7] = 0.8067, [10] = 0.7529, [13] = 0.6902, [16] = 0.6275, [22] = 0.5378, [23] = 0.4482 };
        foreach (var (time, survival) in expected)
            Assert.AreEqual(survival, curve.Steps.Single(s => s.Time == time).Survival, 5e-5, $"S({time})");
        Assert.AreEqual(21, curve.N);
        Assert.AreEqual(9, curve.Events);
        Assert.AreEqual(23, curve.MedianTime);
        // At week 6: 21 at risk, 3 events, 1 censored (the censored one counted at risk: events first).
        var first = curve.Steps[0];
        Assert.AreEqual((6, 21, 3, 1), (first.Time, first.AtRisk, first.Events, first.Censored));
        Assert.AreEqual(18.0 / 21, first.Survival, 1e-12);
        Assert.AreEqual(17, curve.Steps[1].AtRisk, "after week 6: 21 - 3 events - 1 censored");
        Assert.AreEqual(0.8067, curve.At(9), 5e-5, "week 9 only censors: S stays at S(7)");
        Assert.AreEqual(1.0, curve.At(5));
    }

    [TestMethod]
    public void A_curve_that_never_reaches_one_half_has_no_median()
    {
        var curve = KaplanMeier.Estimate([new(1, true), new(2, false), new(3, false), new(4, false)]);
        Assert.AreEqual(0.75, curve.Steps[0].Survival);
        Assert.IsNull(curve.MedianTime);
    }

    [TestMethod]
    public void Median_is_the_first_time_at_or_below_one_half()
    {
        var curve = KaplanMeier.Estimate([new(2, true), new(4, true), new(6, false), new(8, true)]);
        // S(2) = 3/4, S(4) = 3/4 * 2/3 = 1/2 -> median 4 (<= 0.5, not < 0.5)
        Assert.AreEqual(0.5, curve.Steps[1].Survival, 1e-12);
        Assert.AreEqual(4, curve.MedianTime);
    }
}
