using System.Reflection;
using ScottPlot;
using SkiaSharp;

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

    static readonly Lazy<bool> Fonts = new(() => { ScottPlot.Fonts.FontResolvers.Insert(0, new EmbeddedFonts()); return true; });

    /// <summary>Sets the font and palette on a plot (adding the shipped font to ScottPlot once per process).</summary>
    public static void Apply(Plot plot)
    {
        _ = Fonts.Value;
        plot.Font.Set(FontName);
        plot.Add.Palette = ScottPlot.Palette.FromColors(Palette);
    }

    public static Color Color(int index) => ScottPlot.Color.FromHex(Palette[index % Palette.Length]);

    /// <summary>The shipped font as a Skia typeface, for text drawn around ScottPlot's panels (small multiples' titles and notes).</summary>
    public static SKTypeface Typeface(bool bold) => (bold ? BoldFace : RegularFace).Value;

    static readonly Lazy<SKTypeface> RegularFace = new(() => SKTypeface.FromData(EmbeddedFonts.Load("DejaVuSans.ttf")));
    static readonly Lazy<SKTypeface> BoldFace = new(() => SKTypeface.FromData(EmbeddedFonts.Load("DejaVuSans-Bold.ttf")));

    /// <summary>The font files embedded in the library, read once, served to ScottPlot from memory (no files written).</summary>
    sealed class EmbeddedFonts : IFontResolver
    {
        readonly SKData _regular = Load("DejaVuSans.ttf"), _bold = Load("DejaVuSans-Bold.ttf");

        internal static SKData Load(string file)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LaborWatch.Fonts." + file)
                ?? throw new InvalidOperationException($"font {file} is not embedded in the library");
            return SKData.Create(stream);
        }

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == FontName ? SKTypeface.FromData(bold ? _bold : _regular) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
