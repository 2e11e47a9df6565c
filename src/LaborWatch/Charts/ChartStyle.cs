using System.Reflection;
using ScottPlot;

namespace LaborWatch.Charts;

/// <summary>
/// One look for every chart, PNG and SVG, the same on every machine: DejaVu Sans shipped with the project (not
/// whatever fonts a server has), the Okabe-Ito palette that colour-blind readers can tell apart, series coloured
/// in a stable order, money and share axes formatted.
/// </summary>
public static class ChartStyle
{
    public const string FontName = "DejaVu Sans";

    /// <summary>Okabe and Ito's colour-universal palette, most distinct first (yellow last: weak on white).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    static readonly Lazy<bool> Fonts = new(Register);

    /// <summary>Sets the font and palette on a plot (registering the shipped font once per process).</summary>
    public static void Apply(Plot plot)
    {
        _ = Fonts.Value;
        plot.Font.Set(FontName);
        plot.Add.Palette = ScottPlot.Palette.FromColors(Palette);
    }

    public static Color Color(int index) => ScottPlot.Color.FromHex(Palette[index % Palette.Length]);

    /// <summary>ScottPlot reads fonts from files: the embedded ones are written once to a folder of their own.</summary>
    static bool Register()
    {
        var folder = Path.Combine(Path.GetTempPath(), "laborwatch-fonts-" + typeof(ChartStyle).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        foreach (var (file, bold) in new[] { ("DejaVuSans.ttf", false), ("DejaVuSans-Bold.ttf", true) })
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                using var source = Assembly.GetExecutingAssembly().GetManifestResourceStream("LaborWatch.Fonts." + file)
                    ?? throw new InvalidOperationException($"font {file} is not embedded in the library");
                var temp = path + "." + Environment.ProcessId + ".tmp";
                using (var target = File.Create(temp)) source.CopyTo(target);
                File.Move(temp, path, overwrite: true);
            }
            ScottPlot.Fonts.AddFontFile(FontName, path, bold, italic: false);
        }
        return true;
    }
}
