using Sluice.Learning.Optimizers;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Optimizers;

/// <summary>Sparse-row updates agree with dense updates on the touched rows and leave every other row alone.</summary>
public sealed class SparseUpdateTests
{
    private const int Rows = 7;
    private const int Width = 3;

    public static TheoryData<string, Func<Optimizer>> AllOptimizers => new()
    {
        { "sgd", () => new GradientDescent(0.1f) },
        { "momentum", () => new Momentum(0.1f, 0.9f) },
        { "nesterov", () => new Momentum(0.1f, 0.9f, useNesterov: true) },
        { "adagrad", () => new Adagrad(0.1f) },
        { "adam", () => new Adam(0.01f) },
        { "rmsprop", () => new RmsProp(0.1f, momentum: 0.3f) },
        { "rmsprop-centered", () => new RmsProp(0.1f, centered: true) },
        { "ftrl", () => new Ftrl(0.1f, l1RegularizationStrength: 0.01f, l2RegularizationStrength: 0.1f) },
        { "ftrl-shrinkage", () => new Ftrl(0.1f, l2ShrinkageRegularizationStrength: 0.05f) },
    };

    [Theory, MemberData(nameof(AllOptimizers))]
    public void Sparse_matches_dense_on_touched_rows_and_leaves_other_rows_unchanged(string name, Func<Optimizer> create)
    {
        Optimizer dense = create(), sparse = create();
        float[] start = Pattern(Rows * Width, 0.37f);
        float[] denseWeights = [.. start], sparseWeights = [.. start];
        SlotSet denseSlots = dense.CreateSlots("embedding", Rows, Width);
        SlotSet sparseSlots = sparse.CreateSlots("embedding", Rows, Width);

        // Row 4 appears twice (summed first, as TF does) and −1 is a missing id that must be ignored.
        int[] ids = [4, 1, 4, -1, 6];
        int[] touched = [1, 4, 6];
        for (int step = 0; step < 3; step++)
        {
            float[] rowGradients = Pattern(ids.Length * Width, 0.11f * (step + 1));
            float[] denseGradient = new float[Rows * Width];
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] < 0) continue;
                for (int c = 0; c < Width; c++) denseGradient[ids[i] * Width + c] += rowGradients[i * Width + c];
            }

            dense.BeginStep(step);
            dense.ApplyDense(denseWeights, denseGradient, denseSlots);
            dense.EndStep();
            sparse.BeginStep(step);
            sparse.ApplySparse(sparseWeights, ids, rowGradients, sparseSlots);
            sparse.EndStep();
        }

        for (int row = 0; row < Rows; row++)
        {
            var sparseRow = sparseWeights.AsSpan(row * Width, Width);
            if (Array.IndexOf(touched, row) >= 0)
            {
                AssertClose.Spans(denseWeights.AsSpan(row * Width, Width), sparseRow, rtol: 1e-5f, atol: 1e-6f);
                for (int s = 0; s < sparseSlots.Definitions.Count; s++)
                    AssertClose.Spans(denseSlots.Values(s).AsSpan(row * Width, Width), sparseSlots.Values(s).AsSpan(row * Width, Width), rtol: 1e-5f, atol: 1e-6f);
                Assert.NotEqual(start.AsSpan(row * Width, Width).ToArray(), sparseRow.ToArray());
            }
            else
            {
                Assert.Equal(start.AsSpan(row * Width, Width).ToArray(), sparseRow.ToArray());
                for (int s = 0; s < sparseSlots.Definitions.Count; s++)
                    Assert.All(sparseSlots.Values(s).AsSpan(row * Width, Width).ToArray(), v => Assert.Equal(sparseSlots.Definitions[s].InitialValue, v));
            }
        }
        _ = name;
    }

    [Theory, MemberData(nameof(AllOptimizers))]
    public void Sparse_update_of_a_million_row_table_touches_only_the_given_rows_without_allocating(string name, Func<Optimizer> create)
    {
        const int rows = 1_000_000, width = 4, touchedRows = 40;
        Optimizer optimizer = create();
        float[] table = new float[rows * width];
        SlotSet slots = optimizer.CreateSlots($"{name}/table", rows, width);
        int[] ids = new int[touchedRows];
        for (int i = 0; i < ids.Length; i++) ids[i] = (int)((i * 7_919L * 104_729L) % rows);
        float[] gradients = Pattern(touchedRows * width, 0.5f);

        long step = 0;
        void Step()
        {
            optimizer.BeginStep(step++);
            optimizer.ApplySparse(table, ids, gradients, slots);
            optimizer.EndStep();
        }
        for (int warm = 0; warm < 3; warm++) Step(); // grows the scratch buffers
        Assert.Equal(0, Allocations.PerWindowAfterWarmUp(Step, repeats: 50));

        int changed = 0;
        for (int i = 0; i < table.Length; i++) if (table[i] != 0f) changed++;
        Assert.InRange(changed, 1, touchedRows * width);
        foreach (int id in ids) Assert.NotEqual(0f, table[id * width]);
    }

    /// <summary>
    /// The dense update runs SIMD loops; a sparse update of rows of width 1 runs only the scalar rule (the naive twin).
    /// Over every vector-tail length they must agree bit for bit.
    /// </summary>
    [Theory, MemberData(nameof(AllOptimizers))]
    public void Simd_dense_update_is_bit_identical_to_the_scalar_rule_for_every_length(string name, Func<Optimizer> create)
    {
        for (int length = 1; length <= 70; length++)
        {
            Optimizer dense = create(), scalar = create();
            float[] denseWeights = Pattern(length, 0.9f), scalarWeights = Pattern(length, 0.9f);
            SlotSet denseSlots = dense.CreateSlots("v", 1, length), scalarSlots = scalar.CreateSlots("v", length, 1);
            int[] everyRow = Enumerable.Range(0, length).ToArray();
            for (int step = 0; step < 3; step++)
            {
                float[] gradient = Pattern(length, 0.3f + step);
                dense.BeginStep(step);
                dense.ApplyDense(denseWeights, gradient, denseSlots);
                dense.EndStep();
                scalar.BeginStep(step);
                scalar.ApplySparse(scalarWeights, everyRow, gradient, scalarSlots);
                scalar.EndStep();
            }
            Assert.True(denseWeights.AsSpan().SequenceEqual(scalarWeights), $"{name}: weights differ at length {length}");
            for (int s = 0; s < denseSlots.Definitions.Count; s++)
                Assert.True(denseSlots.Values(s).AsSpan().SequenceEqual(scalarSlots.Values(s)), $"{name}: slot {s} differs at length {length}");
        }
    }

    private static float[] Pattern(int length, float scale)
    {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) values[i] = scale * MathF.Sin(1.3f * i + 0.7f);
        return values;
    }
}
