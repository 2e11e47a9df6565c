using LaborWatch.Stats;

namespace LaborWatch.Tests.Stats;

[TestClass]
public sealed class WilsonTests
{
    // Worked by hand with z = 1.959963984540054 (z^2 = 3.841459):
    //   0 of 10:  centre = (0 + 0.19207) / 1.38415 = 0.13877, half = 1.96 * sqrt(0 + 0.0096036) / 1.38415 = 0.13877 -> [0, 0.27753]
    //   10 of 10: the mirror image -> [0.72247, 1]
    //   1 of 2:   p = .5, denominator 2.92073; centre 0.5; half = 1.96 * sqrt(.125 + .240091) / 2.92073 = 0.40545 -> [0.09453, 0.90547]
    //   30 of 100: centre = (0.3 + 0.0192073) / 1.0384146 = 0.307400; half = 1.96 * sqrt(0.0021 + 0.000096036) / 1.0384146 = 0.088451
    [TestMethod]
    [DataRow(0, 10, 0.0, 0.27753)]
    [DataRow(10, 10, 0.72247, 1.0)]
    [DataRow(1, 2, 0.09453, 0.90547)]
    [DataRow(30, 100, 0.21896, 0.39585)]
    [DataRow(1, 1, 0.20654, 1.0)]
    public void Matches_hand_computations(int successes, int n, double low, double high)
    {
        var (lo, hi) = Wilson.Interval(successes, n)!.Value;
        Assert.AreEqual(low, lo, 5e-5);
        Assert.AreEqual(high, hi, 5e-5);
    }

    [TestMethod]
    public void No_trials_no_interval() => Assert.IsNull(Wilson.Interval(0, 0));

    [TestMethod]
    public void More_successes_than_trials_is_a_bug() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Wilson.Interval(3, 2));
}
