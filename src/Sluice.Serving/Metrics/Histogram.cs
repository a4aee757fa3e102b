using System.Globalization;
using System.Text;

namespace Sluice.Serving.Metrics;

/// <summary>A lock-free cumulative histogram in the Prometheus sense (bucket counts, sum, count).</summary>
internal sealed class Histogram(double[] upperBounds)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private long _sumMicros;
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Observe(double value)
    {
        int bucket = 0;
        while (bucket < upperBounds.Length && value > upperBounds[bucket]) bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicros, (long)(value * 1e6));
        Interlocked.Increment(ref _count);
    }

    public void WriteTo(StringBuilder text, string name, string labels)
    {
        long cumulative = 0;
        string separator = labels.Length == 0 ? "" : ",";
        for (int i = 0; i < _counts.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            string le = i < upperBounds.Length ? upperBounds[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{separator}le=\"{le}\"}} {cumulative}\n");
        }
        string braces = labels.Length == 0 ? "" : $"{{{labels}}}";
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {Interlocked.Read(ref _sumMicros) / 1e6}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count{braces} {Interlocked.Read(ref _count)}\n");
    }
}
