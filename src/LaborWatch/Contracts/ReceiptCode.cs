using System.Security.Cryptography;
using System.Text;

namespace LaborWatch.Contracts;

/// <summary>
/// Receipt codes: 160 random bits written as 32 Crockford base-32 characters in groups of four
/// ("7K3M-Q9TD-..."), easy to read aloud and copy. Typed back, case, spaces, dashes and the look-alikes
/// O/I/L are forgiven.
/// </summary>
public static class ReceiptCode
{
    const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Bits = 160;
    const int Characters = Bits / 5;

    public static string New() => New(Bits);

    /// <summary>A new code of <paramref name="bits"/> random bits (a multiple of 40), in groups of four.</summary>
    internal static string New(int bits)
    {
        var bytes = RandomNumberGenerator.GetBytes(bits / 8);
        var sb = new StringBuilder(bits / 5);
        int buffer = 0, bitsInBuffer = 0;
        foreach (var b in bytes)
        {
            buffer = buffer << 8 | b;
            bitsInBuffer += 8;
            while (bitsInBuffer >= 5)
            {
                sb.Append(Alphabet[buffer >> (bitsInBuffer - 5) & 31]);
                bitsInBuffer -= 5;
            }
        }
        return Format(sb.ToString());
    }

    /// <summary>The canonical 32 characters in groups of four, as <see cref="New"/> writes them.</summary>
    public static string Format(string normalized) => string.Join("-", normalized.Chunk(4).Select(c => new string(c)));

    /// <summary>The code's 32 characters in canonical form, or null when the text cannot be a receipt code.</summary>
    public static string? Normalize(string? text) => Normalize(text, Characters);

    /// <summary>A code of <paramref name="characters"/> characters in canonical form, or null.</summary>
    internal static string? Normalize(string? text, int characters)
    {
        if (text is null || text.Length > 200) return null;
        var sb = new StringBuilder(characters);
        foreach (var raw in text)
        {
            var c = char.ToUpperInvariant(raw);
            if (c is ' ' or '-' or '\t' or '\r' or '\n') continue;
            c = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (!Alphabet.Contains(c)) return null;
            sb.Append(c);
        }
        return sb.Length == characters ? sb.ToString() : null;
    }
}
