namespace LaborWatch.Privacy;

/// <summary>
/// Disclosure control for a published cell (DESIGN.md section 4): it needs at least k distinct submitters
/// (default 11, the US CMS small-cell rule) and no single submitter above 80% of its logs; otherwise its
/// figures are withheld and it shows as suppressed.
/// </summary>
public static class Disclosure
{
    public const int DefaultK = 11;
    public const double MaxShareOfOneSubmitter = 0.8;

    /// <summary>Counts logs per submitter for one cell.</summary>
    public sealed class Cell
    {
        readonly Dictionary<long, int> _logsBySubmitter = [];
        KeySum _records;
        public int Logs => _records.Count;
        public int Submitters => _logsBySubmitter.Count;
        /// <summary>The cell's key: the sum of its logs' record keys (the cell key method).</summary>
        public ulong Key => _records.Sum;
        public KeySum Records => _records;

        public void Add(long submitterId, uint recordKey)
        {
            _records.Add(recordKey);
            _logsBySubmitter[submitterId] = _logsBySubmitter.GetValueOrDefault(submitterId) + 1;
        }

        /// <summary>The cell's logs and workers as published: perturbed, and never more workers than logs.</summary>
        public (int Logs, int Submitters) Published(CellKey? noise)
        {
            if (noise is null) return (Logs, Submitters);
            var logs = noise.Count(_records, Key, "logs");
            return (logs, Math.Min(logs, noise.Count(Submitters, Key, Key, "submitters")));
        }

        public bool Suppressed(int k) => IsSuppressed(Logs, Submitters, Logs == 0 ? 0 : _logsBySubmitter.Values.Max(), k);
    }

    public static bool IsSuppressed(int logs, int submitters, int largestSubmitterLogs, int k) =>
        submitters < k || largestSubmitterLogs > MaxShareOfOneSubmitter * logs;
}
