using LaborWatch.Contracts;

namespace LaborWatch.Privacy;

/// <summary>
/// Disclosure control for a published cell (docs/methodology.md): it needs at least k distinct submitters
/// (default 11, the US CMS small-cell rule) and no single submitter above 80% of its logs; otherwise its
/// figures are withheld and it shows as suppressed.
/// </summary>
public static class Disclosure
{
    public const int DefaultK = StatsFilter.DefaultK;
    public const double MaxShareOfOneSubmitter = 0.8;

    /// <summary>
    /// Counts logs per submitter for one cell. The submitters are listed as logs come and counted once, sorted, when
    /// first asked: a dictionary updated for every log was a cache miss each time, a third of a `stats` pass.
    /// </summary>
    public sealed class Cell
    {
        readonly List<int> _submitters = [];   // submitter ids fit an int (ContractRow holds them so): half the memory of longs
        int _logs, _distinct = -1, _largest;

        public int Logs => _logs;
        public int Submitters { get { Count(); return _distinct; } }
        /// <summary>The most logs any one submitter has in the cell.</summary>
        public int LargestSubmitterLogs { get { Count(); return _largest; } }
        public void Add(long submitterId)
        {
            _logs++;
            _submitters.Add(checked((int)submitterId));
            _distinct = -1;
        }

        void Count()
        {
            if (_distinct >= 0) return;
            var ids = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_submitters);
            ids.Sort();
            int distinct = 0, largest = 0;
            for (int i = 0, run = 0; i < ids.Length; i++)
            {
                run = i > 0 && ids[i] == ids[i - 1] ? run + 1 : 1;
                if (run == 1) distinct++;
                largest = Math.Max(largest, run);
            }
            (_distinct, _largest) = (distinct, largest);
        }

        /// <summary>The cell's logs and workers as published: from the synopsis nodes of its region, never more workers than logs.</summary>
        public (int Logs, int Submitters) Published(Synopsis.Region? region)
        {
            if (region is null) return (Logs, Submitters);
            var logs = region.Count(Logs, "logs");
            return (logs, Math.Min(logs, region.Count(Submitters, "workers")));
        }

        public bool Suppressed(int k) => IsSuppressed(Logs, Submitters, LargestSubmitterLogs, k);
    }

    public static bool IsSuppressed(int logs, int submitters, int largestSubmitterLogs, int k) =>
        submitters < k || largestSubmitterLogs > MaxShareOfOneSubmitter * logs;
}
