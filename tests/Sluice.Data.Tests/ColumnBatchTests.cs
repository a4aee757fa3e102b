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

    [Fact]
    public void Append_rows_copies_values_missing_flags_and_strings()
    {
        var source = new ColumnBatch([new FloatColumn("x", 4), new Int64Column("n", 4), new StringColumn("s", 4)]) { RowCount = 4 };
        for (int i = 0; i < 4; i++)
        {
            ((FloatColumn)source["x"]).Values[i] = i + 0.5f;
            ((Int64Column)source["n"]).Values[i] = 10 * i;
            ((StringColumn)source["s"]).Append(new string('a', i));
            source["x"].Missing[i] = i == 2;
        }
        var target = source.CreateEmptyLike(1);
        target.AppendRow(source, 3);
        target.AppendRows(source, 1, 2);

        Assert.Equal(3, target.RowCount);
        Assert.Equal([3.5f, 1.5f, 2.5f], ((FloatColumn)target["x"]).Values[..3].ToArray());
        Assert.Equal([30L, 10L, 20L], ((Int64Column)target["n"]).Values[..3].ToArray());
        Assert.Equal(["aaa", "a", "aa"], Enumerable.Range(0, 3).Select(((StringColumn)target["s"]).GetString));
        Assert.Equal([false, false, true], target["x"].Missing[..3].ToArray());
    }
}
