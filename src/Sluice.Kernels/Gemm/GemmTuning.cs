namespace Sluice.Kernels;

// TEMPORARY: mutable while the block sizes are tuned by the benchmark; becomes constants.
internal static class GemmTuning
{
    public static int KC = 256;
    public static int MC = 128;
    public static int NC = 1024;
    public static int InPlaceAColumns = 128;
    public static int InPlaceBRows = 16;
    public static bool AOuter = true;
    public static int GemvRows = 4;
    public static int UnitsPerThread = 4;
}
