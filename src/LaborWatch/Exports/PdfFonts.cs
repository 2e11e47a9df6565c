using System.Reflection;
using PdfSharp.Fonts;

namespace LaborWatch.Exports;

/// <summary>
/// PDFsharp's fonts: the DejaVu Sans shipped in the library, whatever a machine has installed, so a PDF reads the same
/// everywhere (and the charts beside the text use the same face). Set once per process, before the first document.
/// </summary>
sealed class PdfFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    static readonly Lazy<bool> Installed = new(() =>
    {
        GlobalFontSettings.FontResolver = new PdfFonts();
        return true;
    });

    public static void Install() => _ = Installed.Value;

    static readonly Lazy<byte[]> Regular = new(() => Load("DejaVuSans.ttf")), Bold = new(() => Load("DejaVuSans-Bold.ttf"));

    static byte[] Load(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LaborWatch.Fonts." + file)
            ?? throw new InvalidOperationException($"font {file} is not embedded in the library");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // Every family asked for is DejaVu: PDFsharp asks for the family of each XFont, and ours are all this one.
    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? "dejavu-bold" : "dejavu", mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[] GetFont(string faceName) => faceName == "dejavu-bold" ? Bold.Value : Regular.Value;
}
