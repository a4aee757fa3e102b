using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Benchmarks.Serving;

/// <summary>
/// `http-latency`: a closed-loop HTTP/1.1 load generator that times every request with the monotonic clock, to
/// cross-check wrk's latency percentiles. On this machine wrk 4.1's latency statistics break Little's law against
/// Sluice at one connection (mean latency × requests came to 10–30× the run's duration), so its p99 cannot be a
/// per-request time there. Each connection runs on its own thread with a blocking keep-alive socket and the same
/// request bytes every time, like wrk; latencies go into a per-thread microsecond histogram (no allocation per request).
/// </summary>
/// <remarks>
/// <c>http-latency --url http://127.0.0.1:8501/v1/models/census:predict --body body.json [--connections 1,8,64]
/// [--seconds 5]</c>; the API key comes from <c>$SLUICE_API_KEY</c>. Prints one JSON line per connection count.
/// </remarks>
internal static class HttpLatencySuite
{
    private const int MaxMicroseconds = 2_000_000;

    public static int Run(string[] args)
    {
        var url = new Uri(BenchSuites.Option(args, "--url", "http://127.0.0.1:8501/v1/models/census:predict"));
        byte[] body = File.ReadAllBytes(BenchSuites.Option(args, "--body", "samples/census/request.json"));
        double seconds = double.Parse(BenchSuites.Option(args, "--seconds", "5"), CultureInfo.InvariantCulture);
        int[] connectionCounts = [.. BenchSuites.Option(args, "--connections", "1,8,64").Split(',').Select(int.Parse)];
        byte[] request = BuildRequest(url, body, Environment.GetEnvironmentVariable("SLUICE_API_KEY"));

        foreach (int connections in connectionCounts)
        {
            var result = Measure(url, request, connections, TimeSpan.FromSeconds(seconds));
            Console.WriteLine(result.ToJson(connections));
        }
        return 0;
    }

    private static byte[] BuildRequest(Uri url, byte[] body, string? key)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Host}:{url.Port}\r\n")
            .Append("Content-Type: application/json\r\n");
        if (!string.IsNullOrEmpty(key)) head.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {key}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private static LatencyResult Measure(Uri url, byte[] request, int connections, TimeSpan duration)
    {
        var workers = new ConnectionWorker[connections];
        for (int i = 0; i < connections; i++) workers[i] = new ConnectionWorker(url, request);
        var threads = new Thread[connections];
        long stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < connections; i++)
        {
            var worker = workers[i];
            threads[i] = new Thread(() => worker.Run(stopAt)) { IsBackground = true, Name = $"http-latency-{i}" };
            threads[i].Start();
        }
        foreach (var thread in threads) thread.Join();
        double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var histogram = new long[MaxMicroseconds + 1];
        long errors = 0, overflow = 0;
        foreach (var worker in workers)
        {
            for (int us = 0; us <= MaxMicroseconds; us++) histogram[us] += worker.Histogram[us];
            errors += worker.Errors;
            overflow += worker.Overflow;
        }
        return new LatencyResult(histogram, elapsed, errors, overflow);
    }

    /// <summary>One keep-alive connection sending the same request until the deadline.</summary>
    private sealed class ConnectionWorker(Uri url, byte[] request)
    {
        public readonly int[] Histogram = new int[MaxMicroseconds + 1];
        public long Errors;
        public long Overflow;
        private readonly byte[] _buffer = new byte[64 * 1024];

        public void Run(long stopAt)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(url.Host, url.Port);
            double ticksPerMicrosecond = Stopwatch.Frequency / 1e6;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                long start = Stopwatch.GetTimestamp();
                socket.Send(request);
                if (!ReadResponse(socket, out bool success)) { Errors++; return; }
                long micros = (long)((Stopwatch.GetTimestamp() - start) / ticksPerMicrosecond);
                if (!success) Errors++;
                if (micros > MaxMicroseconds) { Overflow++; micros = MaxMicroseconds; }
                Histogram[micros]++;
            }
        }

        /// <summary>Reads one response (Content-Length or chunked); false when the connection broke.</summary>
        private bool ReadResponse(Socket socket, out bool success)
        {
            success = false;
            int filled = 0, headerEnd;
            while ((headerEnd = IndexOf(_buffer.AsSpan(0, filled), "\r\n\r\n"u8)) < 0)
            {
                int read = socket.Receive(_buffer, filled, _buffer.Length - filled, SocketFlags.None);
                if (read == 0) return false;
                filled += read;
            }
            var head = _buffer.AsSpan(0, headerEnd);
            success = head.Length > 12 && head[9] == (byte)'2';
            int bodyStart = headerEnd + 4;
            int lengthAt = IndexOfIgnoreCase(head, "content-length:"u8);
            if (lengthAt >= 0)
            {
                int length = ParseInt(head[(lengthAt + 15)..]);
                while (filled < bodyStart + length)
                {
                    int read = socket.Receive(_buffer, filled, _buffer.Length - filled, SocketFlags.None);
                    if (read == 0) return false;
                    filled += read;
                }
                return true;
            }
            // Chunked: small responses only; read until the terminating chunk arrives.
            while (IndexOf(_buffer.AsSpan(bodyStart, filled - bodyStart), "0\r\n\r\n"u8) < 0)
            {
                int read = socket.Receive(_buffer, filled, _buffer.Length - filled, SocketFlags.None);
                if (read == 0) return false;
                filled += read;
            }
            return true;
        }

        private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);

        private static int IndexOfIgnoreCase(ReadOnlySpan<byte> head, ReadOnlySpan<byte> lowerName)
        {
            for (int i = 0; i + lowerName.Length <= head.Length; i++)
            {
                int j = 0;
                while (j < lowerName.Length && (head[i + j] | 0x20) == lowerName[j]) j++;
                if (j == lowerName.Length) return i;
            }
            return -1;
        }

        private static int ParseInt(ReadOnlySpan<byte> text)
        {
            int i = 0, value = 0;
            while (i < text.Length && text[i] == (byte)' ') i++;
            while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9') value = value * 10 + (text[i++] - '0');
            return value;
        }
    }

    private sealed record LatencyResult(long[] Histogram, double ElapsedSeconds, long Errors, long Overflow)
    {
        public string ToJson(int connections)
        {
            long count = 0;
            double sumMicros = 0;
            for (int us = 0; us < Histogram.Length; us++) { count += Histogram[us]; sumMicros += (double)us * Histogram[us]; }
            // Little's law: with a closed loop, mean latency × throughput ≈ connections. Far above that, the timings are wrong.
            double littles = count == 0 ? 0 : sumMicros / 1e6 / ElapsedSeconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"{{\"name\":\"http-latency\",\"connections\":{connections},\"requests\":{count},\"req_per_s\":{count / ElapsedSeconds:F0}," +
                $"\"p50_us\":{Percentile(count, 0.50)},\"p90_us\":{Percentile(count, 0.90)},\"p99_us\":{Percentile(count, 0.99)}," +
                $"\"p999_us\":{Percentile(count, 0.999)},\"max_us\":{Max()},\"mean_us\":{(count == 0 ? 0 : sumMicros / count):F1}," +
                $"\"busy_connections\":{littles:F2},\"errors\":{Errors},\"over_2s\":{Overflow}}}");
        }

        private long Percentile(long count, double p)
        {
            long rank = (long)Math.Ceiling(p * count), seen = 0;
            for (int us = 0; us < Histogram.Length; us++)
                if ((seen += Histogram[us]) >= rank && rank > 0) return us;
            return 0;
        }

        private long Max()
        {
            for (int us = Histogram.Length - 1; us >= 0; us--) if (Histogram[us] > 0) return us;
            return 0;
        }
    }
}
