namespace Sluice.Benchmarks.Gemm;

/// <summary>One benchmarked product C (m×n) = A (m×k) · B (k×n), row-major, no transposes unless stated.</summary>
internal sealed record GemmShape(string Name, int M, int N, int K)
{
    public double Flops => 2.0 * M * N * K;

    /// <summary>The issue's shapes: squares, then the tabular layers (batch × units × inputs) and a batch-1 GEMV.</summary>
    public static IReadOnlyList<GemmShape> Standard { get; } =
    [
        new("square256", 256, 256, 256),
        new("square512", 512, 512, 512),
        new("square1024", 1024, 1024, 1024),
        new("square2048", 2048, 2048, 2048),
        new("batch40_128x100", 40, 128, 100),
        new("batch256_1024x512", 256, 1024, 512),
        new("batch256_512x256", 256, 512, 256),
        new("batch1_1024x512", 1, 1024, 512),
    ];

    public static IReadOnlyList<GemmShape> Select(string names)
    {
        if (names == "all") return Standard;
        var chosen = new List<GemmShape>();
        foreach (string name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            GemmShape? shape = Standard.FirstOrDefault(s => s.Name == name);
            if (shape is null && TryParse(name, out var parsed)) shape = parsed;
            chosen.Add(shape ?? throw new ArgumentException($"Unknown shape '{name}': use one of {string.Join(", ", Standard.Select(s => s.Name))} or MxNxK."));
        }
        return chosen;
    }

    private static bool TryParse(string text, out GemmShape shape)
    {
        string[] parts = text.Split('x');
        shape = null!;
        if (parts.Length != 3 || !int.TryParse(parts[0], out int m) || !int.TryParse(parts[1], out int n) || !int.TryParse(parts[2], out int k)) return false;
        shape = new GemmShape(text, m, n, k);
        return true;
    }
}
