using System.Globalization;

namespace LaborWatch.Reports.Exports;

/// <summary>
/// A value written as SQLite's quote() writes it, the form the data fingerprint has always hashed: the same
/// fingerprint from the same logs on either store. Integers in decimal, reals as printf's %!.15g (always a decimal
/// point) when that reads back as the same number, text in single quotes with quotes doubled, null as NULL. A test
/// holds it to SQLite's own quote(). A real that 15 digits do not give back (typed with more than 15 significant
/// digits) is written with 17 exact digits: there SQLite's own printf may differ in the last digit, so such a
/// database's fingerprint is not the one LaborWatch before PostgreSQL support computed.
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
