using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace LaborWatch.Exports;

/// <summary>
/// Text, images and tables flowed down A4 pages: a line that does not fit starts a new page, a heading never ends a
/// page (it keeps room for what follows it), a figure can be kept whole, and a table's header is repeated on each page
/// it runs onto. The footer is drawn on every page at the end, once the page count is known.
/// </summary>
sealed class PdfFlow(PdfDocument document)
{
    const double Margin = 42, Footer = 26;

    public static readonly XFont Title = new(PdfFonts.Family, 18, XFontStyleEx.Bold);
    public static readonly XFont Section = new(PdfFonts.Family, 13, XFontStyleEx.Bold);
    public static readonly XFont Subsection = new(PdfFonts.Family, 10.5, XFontStyleEx.Bold);
    public static readonly XFont Bold = new(PdfFonts.Family, 9, XFontStyleEx.Bold);
    public static readonly XFont Body = new(PdfFonts.Family, 9, XFontStyleEx.Regular);
    public static readonly XFont Small = new(PdfFonts.Family, 7.5, XFontStyleEx.Regular);
    static readonly XFont Cell = new(PdfFonts.Family, 6.5, XFontStyleEx.Regular);
    static readonly XFont CellHeader = new(PdfFonts.Family, 6.5, XFontStyleEx.Bold);

    PdfPage? _page;
    XGraphics? _gfx;
    double _y;

    XGraphics Gfx
    {
        get
        {
            if (_gfx is null) NewPage();
            return _gfx!;
        }
    }

    PdfPage Page
    {
        get
        {
            if (_page is null) NewPage();
            return _page!;
        }
    }

    double Width => Page.Width.Point - 2 * Margin;
    double Bottom => Page.Height.Point - Margin - Footer;

    public void NewPage()
    {
        if (_page is not null && _y <= Margin) return;   // already at the top of an empty page: never a blank one
        _gfx?.Dispose();
        _page = document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void KeepTogether(double height)
    {
        _ = Gfx;
        if (_y + height > Bottom && _y > Margin) NewPage();
    }

    public void Space(double points) => _y += points;

    public void Heading(string text, XFont font)
    {
        KeepTogether(HeightOf(text, font) + 60);   // a heading with at least a few lines after it
        _y += font == Title ? 0 : 6;
        Paragraph(text, font, after: 4);
    }

    public double HeightOf(string text, XFont font) => Lines(text, font, Width).Count * font.GetHeight() + 4;

    public void Paragraph(string text, XFont font, double after = 4)
    {
        foreach (var line in Lines(text, font, Width))
        {
            if (_y + font.GetHeight() > Bottom) NewPage();
            Gfx.DrawString(line, font, XBrushes.Black, new XRect(Margin, _y, Width, font.GetHeight()), XStringFormats.TopLeft);
            _y += font.GetHeight();
        }
        _y += after;
    }

    /// <summary>Words wrapped to <paramref name="width"/>; a word longer than a line (a hash, a URL) is cut where it must be.</summary>
    List<string> Lines(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (Gfx.MeasureString(candidate, font).Width <= width) { line = candidate; continue; }
            if (line.Length > 0) lines.Add(line);
            line = word;
            while (Gfx.MeasureString(line, font).Width > width && line.Length > 1)
            {
                var cut = line.Length - 1;
                while (cut > 1 && Gfx.MeasureString(line[..cut], font).Width > width) cut--;
                lines.Add(line[..cut]);
                line = line[cut..];
            }
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }

    public double ImageHeight(byte[] png, double widthShare)
    {
        _ = Gfx;
        using var image = XImage.FromStream(new MemoryStream(png));
        return Width * widthShare * image.PixelHeight / image.PixelWidth + 6;
    }

    public void Image(byte[] png, double widthShare)
    {
        using var image = XImage.FromStream(new MemoryStream(png));
        var width = Width * widthShare;
        var height = width * image.PixelHeight / image.PixelWidth;
        if (_y + height > Bottom) NewPage();
        Gfx.DrawImage(image, Margin + (Width - width) / 2, _y, width, height);
        _y += height + 6;
    }

    public double TableHeight(int rows) => rows == 0 ? 0 : (rows + 2) * (Cell.GetHeight() + 3) + 10;

    public void Table(string caption, string[] headers, List<string[]> rows)
    {
        KeepTogether(HeightOf(caption, Bold) + TableHeight(Math.Min(rows.Count, 5)));
        Paragraph(caption, Bold, after: 2);
        // Columns as wide as their widest cell (capped), scaled down together when the table is wider than the page.
        var widths = headers.Select((h, c) => Math.Min(160, rows.Select(r => Gfx.MeasureString(Shorten(r[c]), Cell).Width)
            .Append(Gfx.MeasureString(h, CellHeader).Width).Max() + 6)).ToArray();
        var scale = Math.Min(1, Width / widths.Sum());
        widths = widths.Select(w => w * scale).ToArray();
        var height = Cell.GetHeight() + 3;
        void Row(string[] cells, XFont font)
        {
            var x = Margin;
            for (var c = 0; c < cells.Length; c++)
            {
                Gfx.DrawString(Fit(Shorten(cells[c]), font, widths[c] - 3), font, XBrushes.Black, new XRect(x, _y, widths[c] - 3, height), c == 0 ? XStringFormats.TopLeft : XStringFormats.TopRight);
                x += widths[c];
            }
            _y += height;
            Gfx.DrawLine(XPens.LightGray, Margin, _y - 1, Margin + widths.Sum(), _y - 1);
        }
        Row(headers, CellHeader);
        foreach (var row in rows)
        {
            if (_y + height > Bottom) { NewPage(); Row(headers, CellHeader); }   // the header again on the next page
            Row(row, Cell);
        }
        _y += 8;
    }

    static string Shorten(string text) => text.Length > 60 ? text[..59] + "…" : text;

    string Fit(string text, XFont font, double width)
    {
        while (text.Length > 1 && Gfx.MeasureString(text, font).Width > width) text = text[..^2] + "…";
        return text;
    }

    /// <summary>The footer of every page: <paramref name="footer"/> on the left, "page N of M" on the right.</summary>
    public void Finish(string footer)
    {
        _gfx?.Dispose();
        _gfx = null;
        for (var i = 0; i < document.PageCount; i++)
        {
            var page = document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - Margin + 4;
            var width = page.Width.Point - 2 * Margin;
            gfx.DrawString(footer, Small, XBrushes.Black, new XRect(Margin, y, width, 12), XStringFormats.TopLeft);
            gfx.DrawString($"page {i + 1} of {document.PageCount}", Small, XBrushes.Black, new XRect(Margin, y, width, 12), XStringFormats.TopRight);
        }
    }
}
