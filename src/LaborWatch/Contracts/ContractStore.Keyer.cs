using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LaborWatch.Contracts;

public sealed partial class ContractStore
{
    /// <summary>
    /// Computes the keys of logs off the writer's thread; one per thread, as it remembers each raw
    /// submitter id's key. A key is SHA-256 over the database secret followed by the text: without the
    /// secret nobody can test a guess. (HMAC measured three times slower here and buys nothing for a
    /// pseudonym that is only ever compared for equality.)
    /// </summary>
    public sealed class Keyer(byte[] secret) : IDisposable
    {
        readonly Dictionary<string, (byte[] Key, string Hex)> _submitterKeys = [];
        readonly CanonicalText _text = new(secret);

        public KeyedLog Key(ContractLog log)
        {
            if (log.Submitter is null)
            {
                var rowHash = _text.Hash(log, "", "", RowHashBytes);
                return new KeyedLog(log, rowHash, _text.Hash("row:" + Convert.ToHexString(rowHash), 32)); // each row its own submitter
            }
            if (!_submitterKeys.TryGetValue(log.Submitter, out var submitter))
            {
                var key = _text.Hash("id:" + log.Submitter, 32);
                _submitterKeys[log.Submitter] = submitter = (key, Convert.ToHexString(key));
            }
            return new KeyedLog(log, _text.Hash(log, "", submitter.Hex, RowHashBytes), submitter.Key);
        }

        /// <summary>The keyed hash of the coarsened values alone: equal for the same log under any submitter.</summary>
        public byte[] ContentHash(ContractLog log) => _text.Hash(log, "content:", "", RowHashBytes);

        /// <summary>The keyed hash a receipt code is stored as.</summary>
        public byte[] ReceiptKey(string normalizedCode) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("receipt:" + normalizedCode));

        public byte[] MemberCodeKey(string normalizedCode) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("member:" + normalizedCode));

        public void Dispose() => _text.Dispose();
    }

    /// <summary>The canonical text of a log (see <see cref="CanonicalText"/>), as a string: a test pins its characters.</summary>
    internal static string Canonical(ContractLog log, string submitterKey)
    {
        using var text = new CanonicalText([]);
        return Encoding.UTF8.GetString(text.Write(log, "", submitterKey));
    }

    /// <summary>
    /// The coarsened values of a log, never the exact dates (the stored hash must not confirm a guessed date), as
    /// UTF-8 after the database secret, ready to hash: each value invariant (doubles round-trip "R"), empty for
    /// null, U+001F after each. Written straight into one reused buffer, without boxing a value or building a
    /// string (that was a seventh of an import's reading thread, and garbage for the collector).
    /// </summary>
    sealed class CanonicalText(byte[] secret) : IDisposable
    {
        const byte Separator = 0x1F;
        static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
        byte[] _buffer = new byte[1024];
        int _used;
        readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash(ContractLog log, string prefix, string submitterKey, int bytes)
        {
            Write(log, prefix, submitterKey);
            return Digest(bytes);
        }

        public byte[] Hash(string text, int bytes)
        {
            Start(text);
            return Digest(bytes);
        }

        /// <summary>The text written (after the secret, which stays in the buffer before it for <see cref="Digest"/>).</summary>
        public ReadOnlySpan<byte> Write(ContractLog log, string prefix, string submitterKey)
        {
            Start(prefix);
            Text(submitterKey); Text(log.PlatformSlug); Text(log.TaskType); Text(log.Country); Text(log.Region);
            Text(log.StartMonth); Text(log.EndMonth); Number(log.DurationWeeks); Text(log.Status); Real(log.NoticeHours);
            Text(log.PayBasis); Number(log.AdvertisedRateMinor); Text(log.AdvertisedUnit); Text(log.Currency);
            Number(log.GrossPayMinor); Real(log.PaidHours);
            foreach (var h in log.UnpaidHours) Real(h);
            Number(log.PaymentDelayDays); Number(log.RateCut);
            foreach (var f in log.Flags) Number(f);
            Text(log.Notes); Number(log.Synthetic ? 1 : 0);
            return _buffer.AsSpan(secret.Length, _used - secret.Length);
        }

        /// <summary>The first bytes of SHA-256 over the secret and the text written.</summary>
        byte[] Digest(int bytes)
        {
            Span<byte> hash = stackalloc byte[32];
            _sha.AppendData(_buffer.AsSpan(0, _used));
            _sha.GetHashAndReset(hash);
            return hash[..bytes].ToArray();
        }

        void Start(string prefix)
        {
            _used = 0;
            Room(secret.Length);
            secret.CopyTo(_buffer, 0);
            _used = secret.Length;
            Append(prefix);
        }

        void Append(string text)
        {
            Room(Encoding.UTF8.GetMaxByteCount(text.Length));
            _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
        }

        void Text(string? value)
        {
            if (value is not null) Append(value);
            End();
        }

        void Number(long? value)
        {
            if (value is { } n)
            {
                Room(20);   // long.MinValue
                if (!n.TryFormat(_buffer.AsSpan(_used), out var written, default, Invariant)) throw new InvalidOperationException("no room for a number");
                _used += written;
            }
            End();
        }

        /// <summary>
        /// The text of hours already written, by the double's bits (0 and -0 are equal doubles but "0" and "-0"):
        /// people give hours in a few hundred steps, and formatting each again was a tenth of an import's reading thread.
        /// </summary>
        readonly Dictionary<long, byte[]> _reals = [];
        const int MaxReals = 4096;

        void Real(double? value)
        {
            if (value is { } d)
            {
                var bits = BitConverter.DoubleToInt64Bits(d);
                if (!_reals.TryGetValue(bits, out var text))
                {
                    Span<byte> formatted = stackalloc byte[32];   // "-1.7976931348623157E+308" is 24
                    if (!d.TryFormat(formatted, out var written, "R", Invariant)) throw new InvalidOperationException("no room for a number");
                    text = formatted[..written].ToArray();
                    if (_reals.Count < MaxReals) _reals[bits] = text;
                }
                Room(text.Length);
                text.CopyTo(_buffer, _used);
                _used += text.Length;
            }
            End();
        }

        void End()
        {
            Room(1);
            _buffer[_used++] = Separator;
        }

        void Room(int bytes)
        {
            if (_used + bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + bytes));
        }

        public void Dispose()
        {
            Array.Clear(_buffer);
            _sha.Dispose();
        }
    }
}
