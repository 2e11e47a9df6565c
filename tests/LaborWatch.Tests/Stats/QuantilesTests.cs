using LaborWatch.Stats;

namespace LaborWatch.Tests.Stats;

[TestClass]
public sealed class QuantilesTests
{
    // Expected values from numpy.quantile(x, p) (method 'linear', Hyndman-Fan type 7), worked by hand:
    // h = (n - 1) p; value = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
    [TestMethod]
    [DataRow(new double[] { 1, 2, 3, 4 }, 0.25, 1.75)]
    [DataRow(new double[] { 1, 2, 3, 4 }, 0.5, 2.5)]
    [DataRow(new double[] { 1, 2, 3, 4 }, 0.75, 3.25)]
    [DataRow(new double[] { 10, 20, 40 }, 0.25, 15.0)]
    [DataRow(new double[] { 10, 20, 40 }, 0.75, 30.0)]
    [DataRow(new double[] { 7 }, 0.25, 7.0)]
    [DataRow(new double[] { 5, 5, 5, 9 }, 0.5, 5.0)]
    [DataRow(new double[] { 1, 2, 3, 4, 5 }, 0.0, 1.0)]
    [DataRow(new double[] { 1, 2, 3, 4, 5 }, 1.0, 5.0)]
    public void Type_7_interpolates_between_order_statistics(double[] sorted, double p, double expected) =>
        Assert.AreEqual(expected, Quantiles.OfSorted(sorted, p)!.Value, 1e-12);

    [TestMethod]
    public void No_values_no_quantile()
    {
        Assert.IsNull(Quantiles.OfSorted([], 0.5));
        Assert.IsNull(Quantiles.Median([]));
    }

    [TestMethod]
    public void Median_sorts_first() => Assert.AreEqual(2.5, Quantiles.Median([4, 1, 3, 2]));

    [TestMethod]
    public void Selection_gives_what_sorting_gives_on_any_values()
    {
        var random = new Random(11);
        foreach (var n in new[] { 1, 2, 3, 5, 15, 16, 17, 100, 1001, 20_000 })
            for (var round = 0; round < 20; round++)
            {
                // Few distinct values too (pay repeats: 15.00), and sorted and reversed runs.
                var distinct = round % 3 == 0 ? 3 : 1_000_000;
                var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(distinct) / 7).ToList();
                if (round % 5 == 1) values.Sort();
                if (round % 5 == 2) { values.Sort(); values.Reverse(); }
                var sorted = values.Order().ToList();
                var selected = Quantiles.Of(values, 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1);
                foreach (var (p, i) in new[] { 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1 }.Select((p, i) => (p, i)))
                    Assert.AreEqual(Quantiles.OfSorted(sorted, p)!.Value, selected[i]!.Value, 0, $"n = {n}, p = {p}");
                CollectionAssert.AreEquivalent(sorted, values, "selection only reorders the values");
            }
    }

    [TestMethod]
    public void Quantiles_are_asked_in_ascending_order() =>
        Assert.ThrowsExactly<ArgumentException>(() => Quantiles.Of([1, 2, 3], 0.75, 0.25));
}
