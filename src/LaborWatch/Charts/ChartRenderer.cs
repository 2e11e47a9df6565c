using ScottPlot;

namespace LaborWatch.Charts;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot 5: PNG (byte-stable for the same data) or SVG. An empty chart
/// draws a readable "no data" message instead of failing.
/// </summary>
public static partial class ChartRenderer
{
    public const int Width = 900, Height = 520;

    /// <summary>
    /// The drawing for a phone: about as wide as a 390-px screen shows it, so the smallest text (11 px, the notes) is
    /// about 11 CSS px there, where the 900-px drawing shrank it to 4; small multiples stack in one column.
    /// </summary>
    public const int NarrowWidth = 340, NarrowHeight = 400;

    /// <summary>
    /// PNG drawn over white and encoded as opaque RGB (no alpha channel): the same pixels as ScottPlot's own RGBA
    /// encoding, smaller and quicker. Measured on the 1M sample's pay-trend: RGBA at zlib level 6 (ScottPlot's) 102 KB
    /// in 23 ms; RGB at level 3 94 KB in 11 ms, at 6 94 KB in 17 ms, at 9 91 KB in 86 ms. Level 6 (zlib's default):
    /// the 3% that level 9 saves on each response costs 70 ms on each drawing, and level 3 made the flat bar charts
    /// larger than ScottPlot's (the test sample's cancellations 48.4 KB against 47.5; at level 6 42.5).
    /// </summary>
    public static byte[] Png(ChartSpec spec, int width = Width, int height = Height)
    {
        height = SmallMultiples.Height(spec, width, height);
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(width, height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Premul));
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(SkiaSharp.SKColors.White);   // so every pixel is opaque, and declaring it so loses nothing
            Draw(spec, canvas, width, height);
        }
        using var pixels = bitmap.PeekPixels().WithAlphaType(SkiaSharp.SKAlphaType.Opaque);
        using var png = pixels.Encode(new SkiaSharp.SKPngEncoderOptions(SkiaSharp.SKPngEncoderFilterFlags.AllFilters, 6))
            ?? throw new InvalidOperationException($"Skia could not encode the {spec.Name} chart as PNG");
        return png.ToArray();
    }

    /// <summary>The drawing: one ScottPlot plot, or small multiples for a line chart of many series.</summary>
    static void Draw(ChartSpec spec, SkiaSharp.SKCanvas canvas, int width, int height)
    {
        if (SmallMultiples.Applies(spec)) SmallMultiples.Draw(spec, canvas, width, height);
        else Plot(spec, width).Render(canvas, width, height);
    }

    /// <summary>
    /// SVG with a viewBox, so a page can scale it to a phone's width (ScottPlot writes only width and height), and
    /// clip ids named after the chart (see <see cref="Compact"/>): the same figures draw the same bytes.
    /// </summary>
    public static string Svg(ChartSpec spec, int width = Width, int height = Height)
    {
        height = SmallMultiples.Height(spec, width, height);
        var svg = Compact(RawSvg(spec, width, height), spec.Name);
        var open = $"width=\"{width}\" height=\"{height}\">";
        var at = svg.IndexOf(open, StringComparison.Ordinal);
        return at < 0 ? svg : svg[..at] + $"width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">" + svg[(at + open.Length)..];
    }

    /// <summary>The SVG before <see cref="Compact"/>: ScottPlot's own, or for small multiples Skia's SVG canvas (ScottPlot's Multiplot draws on a canvas only).</summary>
    static string RawSvg(ChartSpec spec, int width, int height)
    {
        if (!SmallMultiples.Applies(spec)) return Plot(spec, width).GetSvgXml(width, height);
        using var stream = new MemoryStream();
        using (var canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, width, height), stream))
        {
            using var white = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.White };
            canvas.DrawRect(0, 0, width, height, white);
            SmallMultiples.Draw(spec, canvas, width, height);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The PNG as ScottPlot writes it (for the test that holds ours to the same picture).</summary>
    internal static byte[] ScottPlotPng(ChartSpec spec)
    {
        if (!SmallMultiples.Applies(spec)) return Plot(spec).GetImageBytes(Width, Height, ImageFormat.Png);
        // Small multiples as ScottPlot would encode them: RGBA over white, Skia's default PNG settings.
        var height = SmallMultiples.Height(spec, Width, Height);
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(Width, height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Premul));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        SmallMultiples.Draw(spec, surface.Canvas, Width, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The SVG as ScottPlot writes it, before <see cref="Compact"/> (for the test that holds the two to one drawing).</summary>
    internal static string ScottPlotSvg(ChartSpec spec) => RawSvg(spec, Width, SmallMultiples.Height(spec, Width, Height));

    /// <summary>
    /// ScottPlot's SVG made smaller without a visible change: no XML declaration (UTF-8 is the default, and inside an
    /// HTML page it is only a bogus comment), no indentation between tags, and numbers in attributes to two decimals
    /// (a hundredth of a pixel; ScottPlot writes up to eight). The overview page with its four charts: 167 ->
    /// 146 KB. Text between tags is left exactly as it is.
    /// ScottPlot numbers its clip paths from a counter of the process ("cl_8a"), so each drawing of the same chart
    /// differed and a re-render changed the ETag; every id (clip paths, the heatmap's images) is renamed
    /// "{chart}-{n}", in order, which also keeps them apart when several charts share one page (the HTML report).
    /// </summary>
    internal static string Compact(string svg, string chart = "chart")
    {
        if (svg.StartsWith("<?xml", StringComparison.Ordinal) && svg.IndexOf("?>", StringComparison.Ordinal) is var end and > 0)
            svg = svg[(end + 2)..];
        svg = BetweenTags().Replace(svg, "><").Trim();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);   // ScottPlot's id -> ours, in order of appearance
        return Tag().Replace(svg, tag => Id().Replace(LongNumber().Replace(tag.Value, Rounded), id =>
        {
            if (!ids.TryGetValue(id.Groups[2].Value, out var name)) ids[id.Groups[2].Value] = name = $"{chart}-{ids.Count}";
            return id.Groups[1].Value + name + id.Groups[3].Value;
        }));
    }

    static string Rounded(System.Text.RegularExpressions.Match number)
    {
        var rounded = Math.Round(double.Parse(number.Value, System.Globalization.CultureInfo.InvariantCulture), 2, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0" : rounded.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@">\s+<")]
    private static partial System.Text.RegularExpressions.Regex BetweenTags();

    [System.Text.RegularExpressions.GeneratedRegex(@"<(?:[^>""']|""[^""]*""|'[^']*')+>")]   // a tag, quoted values whole
    private static partial System.Text.RegularExpressions.Regex Tag();

    /// <summary>An id where it is named (id="cl_7a") or used (url(#cl_7a), xlink:href="#img_0"), inside a tag.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(\bid=""|url\(#|href=""#)([A-Za-z_][\w.-]*)(""|\))")]
    private static partial System.Text.RegularExpressions.Regex Id();

    [System.Text.RegularExpressions.GeneratedRegex(@"-?\d+\.\d{3,}")]
    private static partial System.Text.RegularExpressions.Regex LongNumber();

    /// <summary>What an empty chart says: postings are public and never suppressed, so for them nothing was recorded.</summary>
    public static string EmptyMessage(ChartSpec spec) => spec.Name.StartsWith("posting-", StringComparison.Ordinal)
        ? "No postings recorded for these filters."
        : "No data to show for these filters (or every group is suppressed to protect workers).";

    static Plot Plot(ChartSpec spec, int width = Width)
    {
        var plot = new Plot();
        ChartStyle.Apply(plot);
        plot.Title(string.Join("\n", new[] { spec.Title, spec.Subtitle }.OfType<string>().SelectMany(t => Wrap(t, width, 15))), 15);
        plot.YLabel(spec.YLabel);
        if (spec.IsEmpty)
        {
            plot.Axes.Frameless();
            plot.HideGrid();
            plot.Add.Annotation(EmptyMessage(spec), Alignment.MiddleCenter);
        }
        else
        {
            switch (spec.Kind)
            {
                case ChartKind.Lines: Lines(plot, spec); break;
                case ChartKind.Bars: Bars(plot, spec); break;
                case ChartKind.GroupedBars: GroupedBars(plot, spec); break;
                case ChartKind.Histogram: Histogram(plot, spec); break;
                case ChartKind.Steps: Steps(plot, spec); break;
                case ChartKind.Heatmap: Heatmap(plot, spec); break;
            }
        }
        if (!spec.IsEmpty && spec.Kind != ChartKind.Heatmap) FormatY(plot, spec.YFormat);
        // Notes and the source go below the plot, under the x label, never over the data. Set last: a date axis
        // replaces the bottom axis and would drop a label set before it.
        var below = spec.Notes.Concat(spec.Source is null ? [] : [spec.Source]).SelectMany(t => Wrap(t, width, 11)).ToList();
        plot.XLabel(below.Count == 0 ? spec.XLabel : spec.XLabel + "\n\n" + string.Join("\n", below));
        plot.Axes.Bottom.Label.FontSize = below.Count == 0 ? 14 : 11;
        return plot;
    }

    /// <summary>
    /// A line of text broken at spaces so it fits <paramref name="width"/> pixels at <paramref name="size"/> (DejaVu Sans
    /// averages about 0.6 em a character): on the 900-px drawing nothing changes; on a phone's drawing a long title or
    /// note wraps instead of running off the image.
    /// </summary>
    internal static IEnumerable<string> Wrap(string text, int width, float size)
    {
        var most = Math.Max(12, (int)((width - 20) / (size * 0.6)));
        var line = "";
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > most) { yield return line; line = word; }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0) yield return line;
    }

    /// <summary>Money axes as $12.50, share axes as 25%.</summary>
    static void FormatY(Plot plot, AxisFormat format)
    {
        if (format == AxisFormat.Plain) return;
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => format == AxisFormat.Money
                ? "$" + v.ToString(Math.Abs(v) >= 100 ? "0" : "0.##", System.Globalization.CultureInfo.InvariantCulture)
                : (v * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%",
        };
        plot.Axes.Left.TickGenerator = ticks;
    }

    static void Lines(Plot plot, ChartSpec spec)
    {
        for (var i = 0; i < spec.Series.Count; i++) DrawSeries(plot, spec, spec.Series[i], i);
        FormatAxes(plot, spec, compact: false);
        plot.ShowLegend(Alignment.UpperRight);
    }

    /// <summary>One series as the chart kind draws it, in its palette colour (series keep a stable order, a colour each).</summary>
    internal static void DrawSeries(Plot plot, ChartSpec spec, ChartSeries s, int index)
    {
        if (spec.Kind == ChartKind.Steps)
        {
            // Kaplan-Meier is a step function: hold each value until the next event.
            var stepX = new List<double>();
            var stepY = new List<double>();
            for (var i = 0; i < s.Points.Count; i++)
            {
                if (i > 0) { stepX.Add(s.Points[i].X); stepY.Add(s.Points[i - 1].Y); }
                stepX.Add(s.Points[i].X);
                stepY.Add(s.Points[i].Y);
            }
            var steps = plot.Add.ScatterLine(stepX.ToArray(), stepY.ToArray());
            steps.Color = ChartStyle.Color(index);
            steps.LegendText = s.Name;
            return;
        }
        var xs = s.Points.Select(p => p.X).ToArray();
        var line = plot.Add.Scatter(xs, s.Points.Select(p => p.Y).ToArray());
        line.Color = ChartStyle.Color(index);   // the bands take none
        line.LegendText = s.Name;
        if (s.Points.All(p => p.Low is not null && p.High is not null) && s.Points.Count > 1)
        {
            var band = plot.Add.FillY(xs, s.Points.Select(p => p.Low!.Value).ToArray(), s.Points.Select(p => p.High!.Value).ToArray());
            band.FillStyle.Color = line.Color.WithAlpha(0.15);
            band.LineStyle.Width = 0;
        }
    }

    /// <summary>
    /// A line chart's month axis (2025-03; with the day over a span of a few months, where ticks fall inside months) and
    /// the value axis's money or share format; <paramref name="compact"/> for a small multiple's panel (smaller tick labels).
    /// </summary>
    internal static void FormatAxes(Plot plot, ChartSpec spec, bool compact)
    {
        if (spec.Kind == ChartKind.Lines)
        {
            var ticks = plot.Axes.DateTimeTicksBottom();
            var allX = spec.Series.SelectMany(s => s.Points).Select(p => p.X).ToList();
            var format = allX.Count > 0 && allX.Max() - allX.Min() < 120 ? "yyyy-MM-dd" : "yyyy-MM";
            ((ScottPlot.TickGenerators.DateTimeAutomatic)ticks.TickGenerator).LabelFormatter = d => d.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (!compact) return;
        FormatY(plot, spec.YFormat);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 9;
        plot.Axes.Left.TickLabelStyle.FontSize = 9;
    }

    static void Bars(Plot plot, ChartSpec spec)
    {
        var points = spec.Series[0].Points;
        plot.Add.Bars(points.Select(p => p.Y).ToArray());
        var whiskers = points.Where(p => p.Low is not null && p.High is not null).ToList();
        if (whiskers.Count > 0)
            plot.Add.ErrorBar(whiskers.Select(p => p.X).ToList(), whiskers.Select(p => p.Y).ToList(),
                whiskers.Select(p => Math.Max(p.Y - p.Low!.Value, p.High!.Value - p.Y)).ToList());
        plot.Axes.Bottom.SetTicks(points.Select(p => p.X).ToArray(), points.Select(p => p.Label).ToArray());
        plot.Axes.Margins(bottom: 0);
    }

    static void GroupedBars(Plot plot, ChartSpec spec)
    {
        var width = 0.8 / spec.Series.Count;
        for (var k = 0; k < spec.Series.Count; k++)
        {
            var s = spec.Series[k];
            var offset = -0.4 + width * (k + 0.5);
            var bars = plot.Add.Bars(s.Points.Select(p => p.X + offset), s.Points.Select(p => p.Y));
            foreach (var bar in bars.Bars) { bar.Size = width * 0.95; bar.FillColor = ChartStyle.Color(k); }
            bars.LegendText = s.Name;
        }
        var points = spec.Series[0].Points;
        plot.Axes.Bottom.SetTicks(points.Select(p => p.X).ToArray(), points.Select(p => p.Label).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    /// <summary>Bands as touching bars; the second series (if any) as labelled vertical lines.</summary>
    static void Histogram(Plot plot, ChartSpec spec)
    {
        var bands = spec.Series[0].Points;
        var bars = plot.Add.Bars(bands.Select(p => p.X), bands.Select(p => p.Y));
        foreach (var bar in bars.Bars) bar.Size = ChartSpecs.BinWidthUsd * 0.95;
        if (spec.Series.Count > 1)
        {
            // Labels on the lines would pile up where wages are close: name them in the legend instead.
            Color[] colors = [ChartStyle.Color(6), ChartStyle.Color(1), ChartStyle.Color(2), ChartStyle.Color(4)];
            var patterns = new[] { LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed, LinePattern.Solid };
            for (var i = 0; i < spec.Series[1].Points.Count; i++)
            {
                var line = spec.Series[1].Points[i];
                var v = plot.Add.VerticalLine(line.X, 2, colors[i % colors.Length], patterns[i % patterns.Length]);
                v.LegendText = "minimum wage: " + line.Label;
            }
            plot.ShowLegend(Alignment.UpperRight);
        }
        plot.Axes.Margins(bottom: 0);
    }

    static void Steps(Plot plot, ChartSpec spec)
    {
        for (var k = 0; k < spec.Series.Count; k++) DrawSeries(plot, spec, spec.Series[k], k);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.UpperRight);
    }

    static void Heatmap(Plot plot, ChartSpec spec)
    {
        // No published cell at all (every one suppressed or too few to say): an empty panel, not ScottPlot's error on a
        // colour range with no real number in it.
        if (!spec.Matrix!.Cast<double>().Any(double.IsFinite)) return;
        var map = plot.Add.Heatmap(spec.Matrix!);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map);
        var rows = spec.Categories!.Count;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), spec.Categories.ToArray());
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, spec.MatrixColumns!.Count).Select(c => (double)c).ToArray(), spec.MatrixColumns.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 170;   // room for the rotated indicator names
        plot.Axes.SetLimitsY(-0.5, rows - 0.5);
    }
}
