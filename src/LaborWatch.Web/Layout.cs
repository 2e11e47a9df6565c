namespace LaborWatch.Web;

/// <summary>What every page shares beside its frame (Shared/PageFrame.razor): number formats and the styles.</summary>
public static class Layout
{
    /// <summary>Money as pages show it: to the cent, half away from zero, as the JSON rounds.</summary>
    public static string Dollars(double? v) => v is null ? "–" : "$" + Math.Round(v.Value, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage to one decimal.</summary>
    public static string Percent(double? v) => v is null ? "–" : Math.Round(v.Value * 100, 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>The styles of every page (Shared/PageFrame.razor): readable on a phone, no external file to fetch.</summary>
    public const string Css = """
        body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:0 1rem 2rem;color:#111;line-height:1.45}
        header{display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;border-bottom:2px solid #222;margin-bottom:1rem}
        header a{color:#0b4f9c}nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem;min-width:0}a:focus,button:focus,input:focus{outline:3px solid #f5a623;outline-offset:2px}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin:.5rem 0}
        th,td{padding:.3rem .5rem;border-bottom:1px solid #bbb;text-align:right}th[scope=row],thead th:first-child{text-align:left}
        caption{text-align:left;font-weight:600;margin:.5rem 0}.synthetic{background:#fff3cd;border:1px solid #8a6d00;padding:.5rem}
        .suppressed{color:#444;font-style:italic;text-align:center}figure{margin:1rem 0}figure img{max-width:100%;height:auto}
        form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem}form.filters label{display:flex;flex-direction:column;font-size:.9rem}
        .headline{display:flex;flex-wrap:wrap;gap:1rem}.headline div{border:1px solid #bbb;padding:.5rem 1rem}.headline strong{font-size:1.4rem;display:block}
        .scroll{overflow-x:auto}.sources a{display:inline-block;min-height:24px;min-width:24px;padding:.15rem .3rem}@media (max-width:40rem){table{font-size:.85rem}th,td{padding:.2rem}}
        fieldset{border:1px solid #bbb;margin:1rem 0;padding:.5rem 1rem;min-width:0}fieldset.log>legend{font-size:1.2rem;font-weight:700}fieldset.section>legend{font-weight:600}
        .field{margin:.75rem 0;display:flex;flex-direction:column;gap:.2rem;max-width:40rem}.field fieldset{margin:0;padding:.3rem .6rem}
        .field input[type=text],.field input[type=month],.field select,.field textarea,#code{font:inherit;padding:.35rem;border:1px solid #555;max-width:100%}
        .help{color:#333;font-size:.9rem}.req{color:#333;font-weight:400;font-size:.9rem}.choices{display:flex;flex-wrap:wrap;gap:1rem}
        .error{color:#a00000;font-weight:600}.invalid input,.invalid select,.invalid textarea{border:2px solid #a00000}
        .error-summary{border:3px solid #a00000;padding:.5rem 1rem;margin:1rem 0}.error-summary a{color:#a00000}
        button{font:inherit;padding:.45rem .9rem;border:1px solid #222;background:#f2f2f2;color:#111;border-radius:3px;cursor:pointer}
        button.primary{background:#0b4f9c;color:#fff;border-color:#0b4f9c}button.danger{background:#a00000;color:#fff;border-color:#a00000}
        .receipt .code{font-size:1.3rem;background:#eef3fa;border:2px dashed #0b4f9c;padding:.5rem;display:inline-block;word-break:break-all;user-select:all}
        td.notes{text-align:left;white-space:pre-wrap;max-width:24rem}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        """;
}
