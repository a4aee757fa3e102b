namespace Sluice.Kernels.Tests;

public sealed class SparseTests
{
    public static TheoryData<int> Widths => new() { 1, 3, 8, 15, 16, 17, 31, 64, 70 };

    [Theory, MemberData(nameof(Widths))]
    public void Gather_scatter_and_segment_sum_match_oracle(int width)
    {
        const int tableRows = 11, count = 23, segments = 6;
        float[] table = TestData.Uniform(tableRows * width, seed: width);
        int[] ids = TestData.Ids(count, seed: width, tableRows);
        int[] segmentIds = TestData.Ids(count, seed: 100 + width, segments);

        float[] expected = new float[count * width], actual = new float[count * width];
        SparseReference.GatherRows(table, width, ids, expected);
        Gather.Rows(table, width, ids, actual);
        Assert.Equal(expected, actual);

        float[] src = TestData.Uniform(count * width, seed: 7 + width);
        float[] expectedTable = (float[])table.Clone(), actualTable = (float[])table.Clone();
        SparseReference.ScatterAddRows(src, width, ids, expectedTable);
        ScatterAdd.Rows(src, width, ids, actualTable);
        Assert.Equal(expectedTable, actualTable);

        float[] expectedSegments = new float[segments * width], actualSegments = new float[segments * width];
        actualSegments.AsSpan().Fill(99f); // must be overwritten, not accumulated into
        SparseReference.ScatterAddRows(src, width, segmentIds, expectedSegments);
        SegmentSum.Rows(src, width, segmentIds, actualSegments);
        Assert.Equal(expectedSegments, actualSegments);

        SparseReference.SegmentSumGatheredRows(table, width, ids, segmentIds, expectedSegments);
        actualSegments.AsSpan().Fill(99f);
        SegmentSum.GatheredRows(table, width, ids, segmentIds, actualSegments);
        Assert.Equal(expectedSegments, actualSegments);
    }

    [Fact]
    public void Out_of_range_id_names_position_and_value()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Gather.Rows(new float[6], 2, [0, 2, 3], new float[6]));
        Assert.Equal("ids", error.ParamName);
        Assert.Contains("ids[2] = 3 is outside [0, 3)", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => ScatterAdd.Rows(new float[2], 2, [-1], new float[6]));
        Assert.Contains("ids[0] = -1", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => SegmentSum.GatheredRows(new float[6], 2, [0, 1], [0, 5], new float[4]));
        Assert.Equal("segmentIds", error.ParamName);
    }
}
