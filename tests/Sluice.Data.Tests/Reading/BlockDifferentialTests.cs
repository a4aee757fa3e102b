using System.Globalization;
using System.Text;
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;

namespace Sluice.Data.Tests.Reading;

/// <summary>
/// The column-at-a-time block path against its naive twin, the record-at-a-time path (blocks disabled): both must
/// give identical batches (values bit for bit, missing flags, string bytes) and reports, on the census files and on
/// generated CSVs full of quotes, CRLF, comments, empty lines, missing tokens, padding and bad rows; and again with
/// tiny windows fed by a stream that returns a few bytes at a time, so refills split fields, quotes, CRLF pairs and
/// the BOM.
/// </summary>
public sealed class BlockDifferentialTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Census_files_read_the_same_with_and_without_blocks(bool testFile)
    {
        byte[] bytes = File.ReadAllBytes(testFile ? Census.TestPath : Census.TrainPath);
        var (fast, fastReport) = ReadAll(bytes, Census.Schema(), blocks: true);
        var (slow, slowReport) = ReadAll(bytes, Census.Schema(), blocks: false);

        Assert.Equal(testFile ? 16_281 : 32_561, fast.RowCount);
        AssertSame(slow, slowReport, fast, fastReport);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void Generated_files_read_the_same_with_and_without_blocks(int seed, bool crlf)
    {
        var (bytes, schema) = RandomCsv(seed, rows: 20_000, crlf);
        var (slow, slowReport) = ReadAll(bytes, schema, blocks: false);
        var (fast, fastReport) = ReadAll(bytes, schema, blocks: true);

        Assert.True(slow.RowCount > 15_000, $"only {slow.RowCount} rows");
        AssertSame(slow, slowReport, fast, fastReport);
    }

    [Theory]
    [InlineData(11, 64, new[] { 1, 2, 3 })]
    [InlineData(12, 97, new[] { 7 })]
    [InlineData(13, 256, new[] { 5, 61, 1 })]
    [InlineData(14, 4096, new[] { 4093, 2 })]
    [InlineData(15, 200, new[] { 199, 1, 13 })]
    public void Refills_anywhere_give_the_same_rows(int seed, int bufferSize, int[] chunks)
    {
        var (bytes, schema) = RandomCsv(seed, rows: 3_000, crlf: seed % 2 == 0);
        var (expected, expectedReport) = ReadAll(bytes, schema, blocks: false);

        using var reader = new CsvBatchReader(new ChunkedStream(bytes, chunks), schema, "test.csv", ownsStream: true, bufferSize);
        var batch = schema.CreateBatch(16);
        reader.ReadToEnd(batch);
        AssertSame(expected, expectedReport, batch, reader.Report);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Bom_and_a_last_line_without_newline_in_blocks(string newline)
    {
        var text = new StringBuilder("\uFEFFname,age\n".Replace("\n", newline));
        for (int i = 0; i < 5_000; i++) text.Append(CultureInfo.InvariantCulture, $"n{i}, {i * 0.5}").Append(newline);
        text.Append("last, 7.25");
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var schema = CsvTestFiles.MakeSchema(columns: [("name", ColumnKind.String), ("age", ColumnKind.Float32)]);

        foreach (int[] chunks in new[] { new[] { 1 << 20 }, new[] { 1, 2 }, new[] { 3, 5 } })
        {
            using var reader = new CsvBatchReader(new ChunkedStream(bytes, chunks), schema, "bom.csv", ownsStream: true, bufferSize: 128);
            var batch = schema.CreateBatch(64);
            reader.ReadToEnd(batch);

            Assert.Equal(5_001, batch.RowCount);
            Assert.Equal("n0", ((StringColumn)batch["name"]).GetString(0));
            Assert.Equal("n4999", ((StringColumn)batch["name"]).GetString(4_999));
            Assert.Equal("last", ((StringColumn)batch["name"]).GetString(5_000));
            Assert.Equal(2_499.5f, ((FloatColumn)batch["age"]).Values[4_999]);
            Assert.Equal(7.25f, ((FloatColumn)batch["age"]).Values[5_000]);
        }
    }

    /// <summary>
    /// String cells written straight into a reused batch: lengths on both sides of the 32-byte vector copy (0..80
    /// bytes, so the byte buffer grows in the middle of a block), missing tokens and the stripped suffix, read batch
    /// by batch into one batch, must match the record path batch for batch.
    /// </summary>
    [Theory]
    [InlineData(21, 300)]
    [InlineData(22, 1000)]
    public void Reused_batches_with_growing_string_cells_read_the_same(int seed, int capacity)
    {
        var random = new Random(seed);
        var schema = CsvTestFiles.MakeSchema(onError: ErrorPolicy.Skip,
            columns: [("a", ColumnKind.String), ("n", ColumnKind.Float32), ("label", ColumnKind.String)]);
        schema.Columns[2].StripSuffix = ".";
        var text = new StringBuilder("a,n,label\n");
        for (int i = 0; i < 3_000; i++)
        {
            // Longer cells as the file goes on, so every reuse of the batch needs more bytes than the last.
            int length = random.Next(0, 20 + i / 40);
            string a = random.Next(20) == 0 ? "?" : new string((char)('a' + random.Next(26)), length);
            string label = random.Next(3) == 0 ? "x." : new string('y', random.Next(0, 40)) + ".";
            text.Append(a).Append(',').Append(i).Append(',').Append(label).Append('\n');
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());

        using var fastReader = new CsvBatchReader(new MemoryStream(bytes), schema, "test.csv") { BlocksEnabled = true };
        using var slowReader = new CsvBatchReader(new MemoryStream(bytes), schema, "test.csv") { BlocksEnabled = false };
        var fast = schema.CreateBatch(capacity);
        var slow = schema.CreateBatch(capacity);
        int rows = 0;
        while (slowReader.ReadBatch(slow) > 0)
        {
            Assert.Equal(slow.RowCount, fastReader.ReadBatch(fast));
            AssertSame(slow, slowReader.Report, fast, fastReader.Report);
            rows += slow.RowCount;
            Assert.Equal(rows - 1, ((FloatColumn)fast["n"]).Values[fast.RowCount - 1]);
            Assert.DoesNotContain('.', ((StringColumn)fast["label"]).GetString(fast.RowCount - 1));
        }
        Assert.Equal(0, fastReader.ReadBatch(fast));
        Assert.Equal(3_000, rows);
    }

    /// <summary>
    /// Float columns of integers, which the block path reads one 8-byte word at a time: signs, leading zeros, "-0",
    /// 1–10 digits (9 and more take the general parser), blanks and tabs around them, integers next to decimals,
    /// exponents, text and missing tokens, a float column last on CRLF lines so cells end at the block's end; with
    /// "?" as the missing token, and with "-1" and "0" (digit tokens: the shortcut must not read them as numbers).
    /// </summary>
    [Theory]
    [InlineData(31, false, "?")]
    [InlineData(32, true, "?")]
    [InlineData(33, false, "-1")]
    [InlineData(34, true, "0")]
    public void Integer_cells_in_float_columns_read_the_same_with_and_without_blocks(int seed, bool crlf, string missingToken)
    {
        var random = new Random(seed);
        var schema = CsvTestFiles.MakeSchema(onError: ErrorPolicy.Skip,
            columns: [("a", ColumnKind.Float32), ("name", ColumnKind.String), ("b", ColumnKind.Float32), ("c", ColumnKind.Float32)]);
        schema.Read.MissingTokens = [missingToken];
        string newline = crlf ? "\r\n" : "\n";
        var text = new StringBuilder("a,name,b,c").Append(newline);
        for (int i = 0; i < 20_000; i++)
        {
            text.Append(IntegerCell(random)).Append(',').Append(random.Next(10) == 0 ? "\"Zü, rich\"" : "n" + i).Append(',')
                .Append(IntegerCell(random)).Append(',').Append(IntegerCell(random));
            if (i < 19_999 || seed % 2 == 0) text.Append(newline);
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var (slow, slowReport) = ReadAll(bytes, schema, blocks: false);
        var (fast, fastReport) = ReadAll(bytes, schema, blocks: true);

        Assert.True(slow.RowCount > 19_000, $"only {slow.RowCount} rows");
        Assert.True(slowReport.RowsSkipped > 50, $"only {slowReport.RowsSkipped} bad rows");
        Assert.Contains(true, ((FloatColumn)fast["c"]).Missing[..fast.RowCount].ToArray());
        AssertSame(slow, slowReport, fast, fastReport);
    }

    /// <summary>
    /// Comment and empty lines between most records (none, one or several in a row, LF or CRLF, comments with
    /// delimiters in them), which blocks skip in place: the record after them starts later than the one before ends.
    /// The first field is a string in one case and a float in the other, as both loops read those starts.
    /// </summary>
    [Theory]
    [InlineData(61, true)]
    [InlineData(62, false)]
    public void Skipped_lines_between_records_read_the_same_with_and_without_blocks(int seed, bool stringFirst)
    {
        var random = new Random(seed);
        var schema = CsvTestFiles.MakeSchema(onError: ErrorPolicy.Skip,
            columns: stringFirst
                ? [("a", ColumnKind.String), ("n", ColumnKind.Float32), ("b", ColumnKind.String)]
                : [("n", ColumnKind.Float32), ("a", ColumnKind.String), ("b", ColumnKind.String)]);
        schema.Read.CommentPrefix = "#";
        var text = new StringBuilder(stringFirst ? "a,n,b\n" : "n,a,b\n");
        for (int i = 0; i < 5_000; i++)
        {
            for (int skip = random.Next(-2, 3); skip > 0; skip--)
                text.Append(random.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => "# note, with, commas\n" });
            string name = random.Next(10) == 0 ? "" : "s" + i;
            text.Append(stringFirst ? name : i.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(stringFirst ? i.ToString(CultureInfo.InvariantCulture) : name).Append(", x").Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var (slow, slowReport) = ReadAll(bytes, schema, blocks: false);
        var (fast, fastReport) = ReadAll(bytes, schema, blocks: true);

        Assert.Equal(5_000, slow.RowCount);
        AssertSame(slow, slowReport, fast, fastReport);
    }

    /// <summary>
    /// String cells the vector-copy loop leaves to the general one: a two-byte suffix (and cells ending in only its
    /// last byte), cells of 0–40 bytes around the 32-byte copy, two-byte and empty missing tokens, non-ASCII text,
    /// and a string column last, so cells end at the block's end.
    /// </summary>
    [Theory]
    [InlineData(51, "K.")]
    [InlineData(52, ".")]
    public void String_cells_with_long_suffixes_and_tokens_read_the_same_with_and_without_blocks(int seed, string suffix)
    {
        var random = new Random(seed);
        var schema = CsvTestFiles.MakeSchema(onError: ErrorPolicy.Skip,
            columns: [("n", ColumnKind.Float32), ("a", ColumnKind.String), ("label", ColumnKind.String)]);
        schema.Columns[1].StripSuffix = suffix;
        schema.Columns[2].StripSuffix = suffix;
        string[] endings = ["K.", ".", "K", "", "50K.", "é.", "NA", "?"];
        var text = new StringBuilder("n,a,label\n");
        for (int i = 0; i < 20_000; i++)
        {
            string Cell() => random.Next(5) == 0 ? endings[random.Next(endings.Length)] : new string('x', random.Next(0, 40)) + endings[random.Next(endings.Length)];
            text.Append(i).Append(',').Append(Cell()).Append(',').Append(Cell());
            if (i < 19_999) text.Append('\n');
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var (slow, slowReport) = ReadAll(bytes, schema, blocks: false);
        var (fast, fastReport) = ReadAll(bytes, schema, blocks: true);

        Assert.Equal(20_000, slow.RowCount);
        AssertSame(slow, slowReport, fast, fastReport);
    }

    /// <summary>
    /// The tokenizer's edges: one-field records with empty lines (kept as records or skipped), dense lines whose
    /// 64-byte chunks hold far more than twelve separators, a two-byte comment prefix next to data lines that start
    /// with its first byte, and lines with one field too few or too many.
    /// </summary>
    [Theory]
    [InlineData(41, 1, true)]
    [InlineData(42, 1, false)]
    [InlineData(43, 30, true)]
    [InlineData(44, 3, false)]
    public void Tokenizer_edges_read_the_same_with_and_without_blocks(int seed, int width, bool skipEmptyLines)
    {
        var random = new Random(seed);
        var columns = Enumerable.Range(0, width).Select(c => ($"c{c}", c % 2 == 0 ? ColumnKind.Float32 : ColumnKind.String)).ToArray();
        var schema = CsvTestFiles.MakeSchema(onError: ErrorPolicy.Skip, columns: columns);
        schema.Read.CommentPrefix = "//";
        schema.Read.SkipEmptyLines = skipEmptyLines;
        schema.Read.MissingTokens = ["", "?"];
        var text = new StringBuilder(string.Join(",", columns.Select(c => c.Item1))).Append('\n');
        for (int i = 0; i < 20_000; i++)
        {
            int rare = random.Next(200);
            if (rare == 0) { text.Append("// comment, a, b\n"); continue; }
            if (rare == 1) { text.Append(random.Next(2) == 0 ? "\n" : "\r\n"); continue; }
            int fields = rare == 2 ? width - 1 : rare == 3 ? width + 1 : width;
            for (int f = 0; f < fields; f++)
            {
                if (f > 0) text.Append(',');
                text.Append(f % 2 == 0 ? random.Next(10).ToString(CultureInfo.InvariantCulture) : random.Next(3) == 0 ? "/x" : "s");
            }
            text.Append(random.Next(10) == 0 ? "\r\n" : "\n");
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var (slow, slowReport) = ReadAll(bytes, schema, blocks: false);
        var (fast, fastReport) = ReadAll(bytes, schema, blocks: true);

        Assert.True(slow.RowCount > 19_000, $"only {slow.RowCount} rows");
        AssertSame(slow, slowReport, fast, fastReport);
    }

    /// <summary>
    /// Mostly short integers (so blocks take the shortcut), about 1 % other cells (so some blocks detour a few times
    /// and some run out of detours and finish on the general path).
    /// </summary>
    private static string IntegerCell(Random random)
    {
        string digits = random.Next(6) switch
        {
            0 => new string('0', random.Next(1, 4)) + random.Next(1000),
            1 => random.Next(99_999_999).ToString(CultureInfo.InvariantCulture),
            2 => "0",
            _ => random.Next(100).ToString(CultureInfo.InvariantCulture),
        };
        string cell = random.Next(1000) switch
        {
            0 => random.NextInt64(100_000_000, 10_000_000_000).ToString(CultureInfo.InvariantCulture),
            1 => "?",
            2 => "-1",
            3 => digits + ".5",
            4 => digits + "e2",
            5 => "",
            6 => "-",
            7 => "1 2",
            8 => "12a",
            9 => "+-1",
            < 40 => "-0",
            < 100 => "-" + digits,
            < 130 => "+" + digits,
            _ => digits,
        };
        return random.Next(4) switch { 0 => " " + cell, 1 => "\t" + cell + " ", 2 => "  " + cell + "\t", _ => cell };
    }

    private static (ColumnBatch Batch, ReadReport Report) ReadAll(byte[] bytes, DataSchema schema, bool blocks)
    {
        using var reader = new CsvBatchReader(new MemoryStream(bytes), schema, "test.csv") { BlocksEnabled = blocks };
        var batch = schema.CreateBatch(16);
        reader.ReadToEnd(batch);
        return (batch, reader.Report);
    }

    private static void AssertSame(ColumnBatch expected, ReadReport expectedReport, ColumnBatch actual, ReadReport actualReport)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expectedReport.RowsRead, actualReport.RowsRead);
        Assert.Equal(expectedReport.RowsSkipped, actualReport.RowsSkipped);
        Assert.Equal(expectedReport.SkippedExamples.Select(e => (e.Line, e.Field, e.Message)), actualReport.SkippedExamples.Select(e => (e.Line, e.Field, e.Message)));
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            var want = expected.Columns[c];
            var got = actual.Columns[c];
            for (int row = 0; row < expected.RowCount; row++)
            {
                string where = $"column {want.Name}, row {row}";
                Assert.True(want.Missing[row] == got.Missing[row], $"{where}: missing {want.Missing[row]} vs {got.Missing[row]}");
                switch (want)
                {
                    case FloatColumn floats:
                        Assert.True(BitConverter.SingleToInt32Bits(floats.Values[row]) == BitConverter.SingleToInt32Bits(((FloatColumn)got).Values[row]),
                            $"{where}: {floats.Values[row]:R} vs {((FloatColumn)got).Values[row]:R}");
                        break;
                    case Int64Column longs:
                        Assert.True(longs.Values[row] == ((Int64Column)got).Values[row], where);
                        break;
                    case StringColumn strings:
                        Assert.True(strings.GetBytes(row).SequenceEqual(((StringColumn)got).GetBytes(row)), $"{where}: '{strings.GetString(row)}' vs '{((StringColumn)got).GetString(row)}'");
                        break;
                }
            }
        }
    }

    /// <summary>
    /// A header and mostly plain rows (so blocks form), with now and then a quoted cell (delimiters, doubled quotes,
    /// a newline inside), a comment or empty line, padding, missing tokens, non-ASCII text, cells longer than a vector,
    /// exponents, long numbers, a row with a bad number or the wrong field count (skipped), and sometimes a BOM and a
    /// last line without newline.
    /// </summary>
    private static (byte[] Bytes, DataSchema Schema) RandomCsv(int seed, int rows, bool crlf)
    {
        var random = new Random(seed);
        var schema = CsvTestFiles.MakeSchema(onError: ErrorPolicy.Skip,
            columns: [("city", ColumnKind.String), ("price", ColumnKind.Float32), ("count", ColumnKind.Int64), ("label", ColumnKind.String)]);
        schema.Read.CommentPrefix = "#";
        schema.Columns[3].StripSuffix = ".";
        string newline = crlf ? "\r\n" : "\n";
        var text = new StringBuilder(seed % 3 == 0 ? "\uFEFF" : "").Append("city,price,count,label").Append(newline);
        string[] cities = ["Paris", " Oslo ", "São Paulo", "?", "NA", "", "\tLima", "Zürich  ", "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"];
        for (int i = 0; i < rows; i++)
        {
            int rare = random.Next(400);
            if (rare == 0) { text.Append("# a comment, with, commas").Append(newline); continue; }
            if (rare == 1) { text.Append(newline); continue; }
            string city = rare switch
            {
                2 => "\"Washington, D.C.\"",
                3 => "\"the \"\"Big\"\" Apple\"",
                4 => "\"two\nlines\"",
                _ => cities[random.Next(cities.Length)],
            };
            string price = random.Next(50) switch
            {
                0 => "?",
                1 => " 1.5e3 ",
                2 => random.NextInt64().ToString(CultureInfo.InvariantCulture) + "." + random.Next(1000),
                3 => (random.NextDouble() * 1e-7).ToString("R", CultureInfo.InvariantCulture),
                4 when rare < 20 => "abc",
                _ => ((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 7))).ToString(random.Next(2) == 0 ? "F2" : "F5", CultureInfo.InvariantCulture),
            };
            string count = random.Next(30) switch
            {
                0 => "NA",
                1 => "-" + random.Next(),
                2 when rare < 10 => "1.5",
                _ => random.Next(100_000).ToString(CultureInfo.InvariantCulture),
            };
            string label = random.Next(2) == 0 ? ">50K." : " <=50K";
            text.Append(city).Append(',').Append(price).Append(',').Append(count);
            if (rare != 5) text.Append(',').Append(label);   // rare == 5: a field short
            if (i < rows - 1 || seed % 2 == 0) text.Append(newline);
        }
        return (Encoding.UTF8.GetBytes(text.ToString()), schema);
    }
}
