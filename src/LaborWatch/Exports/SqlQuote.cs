using System.Globalization;

namespace LaborWatch.Exports;

/// <summary>
/// A value written as the data fingerprint hashes it, the same on either store: integers in decimal, text in single
/// quotes with quotes doubled, null as NULL, reals as SQLite's quote() writes every ordinary number (15 significant
/// digits, always a decimal point: 12.5, 7.0, 0.035). A test holds it to SQLite's own quote() there. At the edges
/// SQLite's output changed between its versions (1e15 is "1.0e+15" in 3.40, "1000000000000000.0" in the one bundled
/// now; a number 15 digits do not give back is "3.33333333333333314829e-01" in one, 17 inexact digits in the other),
/// so ours is fixed here instead: the exponent form below 1e-4 and from 1e15 (1.0e+15, 1.0e-05), and 17 exact digits
/// for a number typed with more than 15 significant digits. Hours, pay and rates are never that large or that long
/// unless typed so; for such a database the fingerprint differs from the one LaborWatch computed through SQLite before.
/// </summary>
public static class SqlQuote
{
    public static string Of(object? value, string nullAs = "NULL") => value switch
    {
        null or DBNull => nullAs,
        string s => "'" + s.Replace("'", "''") + "'",
        double d => Real(d),
        float f => Real(f),
        long or int or short or byte => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        bool b => b ? "1" : "0",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        _ => throw new ArgumentException($"no SQLite quote() form for a {value.GetType().Name}"),
    };

    static string Real(double d)
    {
        if (double.IsNaN(d)) return "NULL";
        if (double.IsInfinity(d)) return d > 0 ? "9.0e+999" : "-9.0e+999";
        var g = d.ToString("G15", CultureInfo.InvariantCulture);   // %g's rule: exponent form below 1e-4 and from 1e15
        if (double.Parse(g, CultureInfo.InvariantCulture) != d) g = d.ToString("G17", CultureInfo.InvariantCulture);
        var e = g.IndexOf('E');
        var mantissa = e < 0 ? g : g[..e];
        if (!mantissa.Contains('.')) mantissa += ".0";
        return e < 0 ? mantissa : mantissa + "e" + g[(e + 1)..];
    }
}
