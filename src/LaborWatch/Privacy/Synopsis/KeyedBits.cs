using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LaborWatch.Privacy.Synopsis;

/// <summary>
/// A stream of random bits that is a function of a secret and a label alone: HMAC-SHA256(secret, label || block)
/// for block 0, 1, 2... The same label under the same secret gives the same bits on every server and every run,
/// which is what makes a node's noise a fixed part of the release rather than a fresh draw per question.
/// </summary>
public ref struct KeyedBits
{
    readonly ReadOnlySpan<byte> _secret;
    readonly Span<byte> _input;     // label bytes, then 4 bytes of block counter
    Span<byte> _block;
    uint _counter;
    int _bitsLeft;
    ulong _word;
    int _wordAt;

    /// <param name="input">the label's bytes with 4 spare bytes at its end for the block counter</param>
    /// <param name="block">32 bytes of room for one HMAC output</param>
    public KeyedBits(ReadOnlySpan<byte> secret, Span<byte> input, Span<byte> block)
    {
        _secret = secret;
        _input = input;
        _block = block;
        _counter = 0;
        _bitsLeft = 0;
        _wordAt = 4;
        _word = 0;
    }

    /// <summary>One random bit.</summary>
    public int Bit()
    {
        if (_bitsLeft == 0)
        {
            if (_wordAt == 4) Refill();
            _word = BinaryPrimitives.ReadUInt64LittleEndian(_block[(_wordAt * 8)..]);
            _wordAt++;
            _bitsLeft = 64;
        }
        var bit = (int)(_word & 1);
        _word >>= 1;
        _bitsLeft--;
        return bit;
    }

    /// <summary>A uniform integer in [0, n), by rejection from the fewest bits that can hold n - 1 (exact: no modulo bias).</summary>
    public long Below(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n == 1) return 0;
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1));
        while (true)
        {
            long v = 0;
            for (var i = 0; i < bits; i++) v = v << 1 | (long)Bit();
            if (v < n) return v;
        }
    }

    void Refill()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_input[^4..], _counter++);
        HMACSHA256.HashData(_secret, _input, _block);
        _wordAt = 0;
    }
}
