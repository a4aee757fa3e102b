using Sluice.Data.Columns;

namespace Sluice.Data.Tests;

public sealed class ColumnBatchTests
{
    [Fact]
    public void String_column_keeps_rows_back_to_back_and_grows()
    {
        var column = new StringColumn("occupation", capacity: 2, bytesPerRowHint: 1);
        column.Append("Exec-managerial");
        column.Append("");
        column.Append("Tech-support");

        Assert.Equal(3, column.RowCount);
        Assert.Equal("Exec-managerial", column.GetString(0));
        Assert.Equal("", column.GetString(1));
        Assert.Equal("Tech-support", column.GetString(2));
        Assert.True(column.Capacity >= 3);

        column.Reset(3);
        column.Append("x"u8);
        Assert.Equal(1, column.RowCount);
        Assert.Equal("x", column.GetString(0));
    }

    [Fact]
    public void Batch_finds_columns_by_name_and_rejects_duplicates()
    {
        var age = new FloatColumn("age", 4);
        var batch = new ColumnBatch([age, new StringColumn("workclass", 4)]);
        Assert.Same(age, batch["age"]);
        var error = Assert.Throws<KeyNotFoundException>(() => batch["education"]);
        Assert.Contains("education", error.Message);
        Assert.Throws<ArgumentException>(() => new ColumnBatch([new FloatColumn("a", 1), new FloatColumn("a", 1)]));
    }
}
