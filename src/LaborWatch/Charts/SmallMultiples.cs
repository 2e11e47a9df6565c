using ScottPlot;
using SkiaSharp;

namespace LaborWatch.Charts;

/// <summary>
/// A line or step chart of more than <see cref="MaxCombined"/> series drawn as small multiples: one panel per series,
/// every panel on the same axes (so a panel's height reads against any other's), the series in its palette colour,
/// the title, the n and the notes once for the whole figure. Eight platforms' pay bands on one panel hide each other;
/// one each, side by side, they do not. The data table is the same either way.
/// </summary>
public static class SmallMultiples
{
    /// <summary>The most series one panel shows; past this, a panel each.</summary>
    public const int MaxCombined = 4;

    public static bool Applies(ChartSpec spec) =>
        spec.Kind is ChartKind.Lines or ChartKind.Steps && !spec.IsEmpty && spec.Series.Count(s => s.Points.Count > 0) > MaxCombined;

    /// <summary>Panels a row: four on a wide drawing, one (stacked) on a narrow one.</summary>
    public static int Columns(int width) => width < 600 ? 1 : 4;

    /// <summary>The height a drawing of this width needs: a header, a row of panels per <see cref="Columns"/> series, the notes.</summary>
    public static int Height(ChartSpec spec, int width, int height)
    {
        if (!Applies(spec)) return height;
        var rows = (int)Math.Ceiling(Panels(spec).Count / (double)Columns(width));
        return Columns(width) == 1 ? Header(spec, width) + Footer(spec, width) + rows * 220 : Math.Max(height, Header(spec, width) + Footer(spec, width) + rows * 210);
    }

    /// <summary>The title's and subtitle's lines at this width, and the lines under the panels.</summary>
    static int Header(ChartSpec spec, int width) =>
        18 + 18 * ChartRenderer.Wrap(spec.Title, width, 15).Count() + 15 * (spec.Subtitle is { } s ? ChartRenderer.Wrap(s, width, 11).Count() : 0);

    static IEnumerable<string> Below(ChartSpec spec, int width) =>
        new[] { spec.XLabel + " (each panel); " + spec.YLabel + " (the same scale in every panel)" }
            .Concat(spec.Notes).Concat(spec.Source is null ? [] : [spec.Source]).SelectMany(t => ChartRenderer.Wrap(t, width, 11));

    static int Footer(ChartSpec spec, int width) => 12 + 15 * Below(spec, width).Count();

    static List<ChartSeries> Panels(ChartSpec spec) => spec.Series.Where(s => s.Points.Count > 0).ToList();

    public static void Draw(ChartSpec spec, SKCanvas canvas, int width, int height)
    {
        var panels = Panels(spec);
        var columns = Columns(width);
        var rows = (int)Math.Ceiling(panels.Count / (double)columns);
        var plots = new List<Plot>();
        var points = panels.SelectMany(s => s.Points).ToList();
        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        double yMin = Math.Min(0, points.Min(p => p.Low ?? p.Y)), yMax = points.Max(p => p.High ?? p.Y);
        if (spec.Kind == ChartKind.Steps) (yMin, yMax) = (0, 1.02);
        var pad = (xMax - xMin) * 0.03 + 1e-9;
        for (var i = 0; i < panels.Count; i++)
        {
            var plot = new Plot();
            ChartStyle.Apply(plot);
            plot.Title(panels[i].Name, 11);
            var index = spec.Series.ToList().IndexOf(panels[i]);   // the colour the series has in the combined chart
            ChartRenderer.DrawSeries(plot, spec, panels[i], index);
            ChartRenderer.FormatAxes(plot, spec, compact: true);   // first: a date axis replaces the bottom axis and its limits
            plot.Axes.SetLimits(xMin - pad, xMax + pad, yMin, yMax + (yMax - yMin) * 0.05);   // the same in every panel
            plot.HideLegend();   // the panel's title names its series
            plots.Add(plot);
        }
        var top = Header(spec, width);
        var bottom = height - Footer(spec, width);
        var multiplot = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1)) multiplot.AddPlot(plot);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        // The panels in their band, drawn first: the multiplot clears what it draws on, within the clip.
        canvas.Save();
        canvas.ClipRect(new SKRect(0, top, width, bottom));
        canvas.Translate(0, top);
        multiplot.Render(canvas, new PixelRect(new PixelSize(width, bottom - top)));
        canvas.Restore();
        using var title = Font(15, bold: true);
        using var small = Font(11, bold: false);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var y = 22f;
        foreach (var text in ChartRenderer.Wrap(spec.Title, width, 15)) { canvas.DrawText(text, width / 2f, y, SKTextAlign.Center, title, ink); y += 18; }
        foreach (var text in spec.Subtitle is { } subtitle ? ChartRenderer.Wrap(subtitle, width, 11) : []) { canvas.DrawText(text, width / 2f, y + 2, SKTextAlign.Center, small, ink); y += 15; }
        var line = bottom + 3f;
        foreach (var text in Below(spec, width))
            canvas.DrawText(text, width / 2f, line += 15, SKTextAlign.Center, small, ink);
    }

    static SKFont Font(float size, bool bold) => new(ChartStyle.Typeface(bold), size);
}
