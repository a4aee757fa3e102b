using Sluice.Data.Columns;
using Sluice.Data.Reading;

namespace Sluice.Data.Tests.Reading;

public sealed class CensusReadingTests
{
    [Fact]
    public void Training_file_loads_whole_with_documented_counts()
    {
        var batch = DataReader.ReadAll(Census.TrainPath, Census.Schema(), out var report);

        Assert.Equal(32_561, batch.RowCount);
        Assert.Equal(0, report.RowsSkipped);
        var age = (FloatColumn)batch["age"];
        double sum = 0;
        float min = float.MaxValue, max = float.MinValue;
        for (int i = 0; i < batch.RowCount; i++)
        {
            sum += age.Values[i];
            min = Math.Min(min, age.Values[i]);
            max = Math.Max(max, age.Values[i]);
        }
        Assert.Equal(38.58, sum / batch.RowCount, 2);
        Assert.Equal(17f, min);
        Assert.Equal(90f, max);
        Assert.Equal(1_836, CountMissing(batch["workclass"], batch.RowCount));
        Assert.Equal(1_843, CountMissing(batch["occupation"], batch.RowCount));
        Assert.Equal(583, CountMissing(batch["native_country"], batch.RowCount));

        var workclass = (StringColumn)batch["workclass"];
        Assert.Equal("State-gov", workclass.GetString(0));   // first row: "39, State-gov, 77516, ..."
        Assert.Equal(77516f, ((FloatColumn)batch["fnlwgt"]).Values[0]);
        Assert.Equal(7_841, CountLabel(batch, ">50K"));
        Assert.Equal(24_720, CountLabel(batch, "<=50K"));
    }

    [Fact]
    public void Test_file_skips_its_first_line_and_strips_the_label_period()
    {
        var batch = DataReader.ReadAll(Census.TestPath, Census.Schema(ColumnKind.Int64), out var report);

        Assert.Equal(16_281, batch.RowCount);
        Assert.Equal(16_281, report.RowsRead);
        Assert.Equal(3_846, CountLabel(batch, ">50K"));
        Assert.Equal(12_435, CountLabel(batch, "<=50K"));
        Assert.Equal(963, CountMissing(batch["workclass"], batch.RowCount));
        Assert.Equal(25L, ((Int64Column)batch["age"]).Values[0]);   // "25, Private, 226802, 11th, ..."
    }

    [Fact]
    public void Streaming_in_small_batches_sees_every_row_once()
    {
        using var reader = DataReader.Open(Census.TrainPath, Census.Schema());
        var batch = reader.Schema.CreateBatch(1000);
        long rows = 0;
        double ageSum = 0;
        int batches = 0;
        while (reader.ReadBatch(batch) is int n and > 0)
        {
            rows += n;
            batches++;
            var age = ((FloatColumn)batch["age"]).Values;
            for (int i = 0; i < n; i++) ageSum += age[i];
            Assert.Equal(n, ((StringColumn)batch["occupation"]).RowCount);
        }
        Assert.Equal(32_561, rows);
        Assert.Equal(33, batches);
        Assert.Equal(1_256_257, ageSum);   // sum of ages in adult.data
        Assert.Equal(32_561, reader.Report.RowsRead);
        Assert.Equal(new FileInfo(Census.TrainPath).Length, reader.Report.BytesRead);
    }

    private static int CountMissing(Column column, int rows)
    {
        int count = 0;
        for (int i = 0; i < rows; i++) count += column.Missing[i] ? 1 : 0;
        return count;
    }

    private static int CountLabel(ColumnBatch batch, string label)
    {
        var labels = (StringColumn)batch["income_bracket"];
        int count = 0;
        for (int i = 0; i < batch.RowCount; i++) count += labels.GetString(i) == label ? 1 : 0;
        return count;
    }
}
