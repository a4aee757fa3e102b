using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sluice.Benchmarks.Gemm;

/// <summary>
/// The OpenBLAS side of the `gemm` suite, run in a child process because OpenBLAS reads OPENBLAS_CORETYPE only when
/// it loads. Calls Debian's libopenblas0-pthread through function pointers (benchmark only, never a Sluice runtime
/// dependency). It stays alive so the parent can interleave it with Sluice: each shape name (or MxNxK) read from
/// stdin is measured and answered with one JSON line {"name","gflops","core"}; it exits at end of input.
/// </summary>
internal static unsafe class OpenBlasBaseline
{
    public const string SuiteName = "_gemm-openblas";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    public static int Run(string[] args)
    {
        int threads = int.Parse(BenchSuites.Option(args, "--threads", "1"));
        string transpose = BenchSuites.Option(args, "--transpose", "NN");
        double minSeconds = double.Parse(BenchSuites.Option(args, "--min-seconds", "0.15"), System.Globalization.CultureInfo.InvariantCulture);
        var timing = GemmClock.Options(args);
        int misalign = int.Parse(BenchSuites.Option(args, "--misalign", "0"), System.Globalization.CultureInfo.InvariantCulture);

        nint library = NativeLibrary.Load("libopenblas.so.0");
        var sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(library, "cblas_sgemm");
        var setThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(library, "openblas_set_num_threads");
        var coreName = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(library, "openblas_get_corename");
        setThreads(threads);
        string core = Marshal.PtrToStringUTF8((nint)coreName()) ?? "unknown";

        bool transA = transpose[0] == 'T', transB = transpose[1] == 'T';
        string? request;
        // The parent asks for the same shape many rounds in a row: keep its operands rather than refill them each time.
        (string Request, GemmOperands Operands)? last = null;
        while ((request = Console.ReadLine()) is not null)
        {
            GemmShape shape = GemmShape.Select(request.Trim())[0];
            if (last?.Request != request) last = (request, GemmOperands.Create(shape, misalign));
            var operands = last.Value.Operands;
            int lda = transA ? shape.M : shape.K, ldb = transB ? shape.K : shape.N;
            double seconds;
            fixed (float* pa = operands.A, pb = operands.B, pc = operands.C)
            {
                float* xa = pa, xb = pb, xc = pc;
                seconds = GemmClock.SecondsPerCall(() => sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans,
                    shape.M, shape.N, shape.K, 1f, xa, lda, xb, ldb, 0f, xc, shape.N), minSeconds, timing.Cpu, timing.Percentile, timing.BatchMilliseconds);
            }
            Console.WriteLine(JsonSerializer.Serialize(new { name = shape.Name, gflops = shape.Flops / seconds / 1e9, core }));
            Console.Out.Flush();
        }
        return 0;
    }
}
