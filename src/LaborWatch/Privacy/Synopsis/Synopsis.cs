using System.Text;
using LaborWatch.Contracts;

namespace LaborWatch.Privacy.Synopsis;

/// <summary>
/// The protected synopsis of one release, as noise: every node of the hierarchy of cells (platform under its parent,
/// country, task type, a dyadic tree of months) carries, for every figure counted there, one draw of discrete Gaussian
/// noise that is a function of the database's noise secret, the node, the figure and the release alone. A published
/// count is the sum over the nodes of its region of (true count + that noise): the same region gives the same answer
/// however it is asked, and different regions that share a node share its noise, so averaging many differences gains
/// nothing beyond the nodes' own noisy values.
/// </summary>
/// <remarks>
/// Across releases the noise follows the binary tree of continual release (Chan, Shi and Song 2011): release r's noise
/// on a node is the sum of one draw per dyadic block of releases in the binary decomposition of 1..r. Consecutive
/// releases share their older blocks, so averaging one figure over many releases sees only about log2(r) independent
/// draws rather than r.
/// </remarks>
public sealed class Synopsis
{
    /// <summary>
    /// The variance of each node's noise, in logs squared (sigma about 11). Chosen by <see cref="AttackerBound"/>: the best
    /// linear estimate of any node's count from every node of the synopsis keeps a standard error of at least 4 logs,
    /// so it is exactly right at most 10% of the time.
    /// </summary>
    public const long Variance = 120;

    readonly byte[] _secret;

    public long ReleaseId { get; }

    public Synopsis(byte[] secret, long releaseId)
    {
        if (secret.Length < 16) throw new ArgumentException("the noise secret must be at least 16 bytes", nameof(secret));
        if (releaseId < 1) throw new ArgumentOutOfRangeException(nameof(releaseId), "releases count from 1");
        _secret = secret;
        ReleaseId = releaseId;
    }

    /// <summary>The synopsis of a release (null before any: nothing is published then, so nothing needs noise).</summary>
    public static Synopsis? Of(Release? release) =>
        release is { Secret: { Length: > 0 } secret } ? new Synopsis(Convert.FromHexString(secret), release.Id) : null;

    /// <summary>The dyadic blocks of releases whose draws make release r's noise: r's binary digits, highest first.</summary>
    public static IEnumerable<(long Start, long Length)> Blocks(long release)
    {
        long start = 1;
        for (var bit = 62; bit >= 0; bit--)
        {
            var length = 1L << bit;
            if ((release & length) == 0) continue;
            yield return (start, length);
            start += length;
        }
    }

    /// <summary>The noise of one node for one figure at this release, scaled to <paramref name="variance"/>.</summary>
    public long NodeNoise(string figure, string node, long variance = Variance)
    {
        long total = 0;
        foreach (var (start, length) in Blocks(ReleaseId)) total += Draw($"{figure}\u001f{node}\u001f{start}+{length}", variance);
        return total;
    }

    long Draw(string label, long variance)
    {
        var size = Encoding.UTF8.GetByteCount(label) + 4;
        Span<byte> input = size <= 512 ? stackalloc byte[size] : new byte[size];
        Encoding.UTF8.GetBytes(label, input);
        Span<byte> block = stackalloc byte[32];
        var bits = new KeyedBits(_secret, input, block);
        return DiscreteGaussian.Sample(ref bits, variance);
    }
}
