using System.Xml.Linq;
using Sluice.Data.Columns;
using Sluice.Data.Profiling;
using Sluice.TestKit;

namespace Sluice.Data.Tests.Profiling;

public sealed class ProfilerTests
{
    private static readonly Lazy<DatasetProfile> CensusInferred = new(() => DatasetProfiler.Profile(Census.TrainPath));

    private static string Housing => RepoPaths.Samples("housing", "data", "boston.csv");

    [Fact]
    public void Census_profile_matches_known_statistics()
    {
        var profile = CensusInferred.Value;

        Assert.True(profile.SchemaInferred);
        Assert.Equal(32_561, profile.Rows);
        Assert.Equal(0, profile.RowsSkipped);
        Assert.Equal(15, profile.Columns.Count);
        var age = profile.Columns[0];
        Assert.Equal("int64", age.Type);
        Assert.Equal(32_561, age.Count);
        Assert.Equal(38.58, age.Mean!.Value, 2);
        Assert.Equal(17, age.Min);
        Assert.Equal(90, age.Max);
        Assert.Equal(73, age.Distinct);
        Assert.True(age.DistinctExact && age.QuantilesExact);
        Assert.Equal(37, age.Median);   // pandas: adult age median 37, quartiles 28 and 48
        Assert.Equal(28, age.Q1);
        Assert.Equal(48, age.Q3);
        Assert.Equal(13.640, age.Std!.Value, 3);
        Assert.Equal(32_561, age.Histogram!.Sum(b => b.Count));

        var workclass = profile.Columns[1];
        Assert.Equal("string", workclass.Type);
        Assert.Equal(1_836, workclass.Missing);
        Assert.Equal(32_561 - 1_836, workclass.Count);
        Assert.Equal(8, workclass.Distinct);
        Assert.Equal(new ValueCount("Private", 22_696), workclass.TopValues![0]);
        Assert.Equal(583, profile.Columns[13].Missing);
        Assert.Equal([new ValueCount("<=50K", 24_720), new ValueCount(">50K", 7_841)], profile.Columns[14].TopValues!);
    }

    [Fact]
    public void Census_test_file_title_line_is_reported_as_skipped()
    {
        var profile = DatasetProfiler.Profile(Census.TestPath);

        Assert.Equal(16_281, profile.Rows);
        Assert.Equal(1, profile.RowsSkipped);
        Assert.Contains("adult.test:1:", profile.SkippedExamples[0]);
        Assert.Equal(["<=50K.", ">50K."], profile.Columns[14].TopValues!.Select(v => v.Value));
    }

    [Fact]
    public void Census_with_a_schema_uses_its_types_and_label_normalisation()
    {
        var profile = DatasetProfiler.Profile(Census.TestPath, Census.Schema());
        Assert.False(profile.SchemaInferred);
        Assert.Equal("float32", profile.Columns[0].Type);
        Assert.Equal(0, profile.RowsSkipped);
        Assert.Equal([new ValueCount("<=50K", 12_435), new ValueCount(">50K", 3_846)], profile.Columns[14].TopValues!);
    }

    [Fact]
    public void Housing_profile_detects_the_header_and_matches_known_statistics()
    {
        var profile = DatasetProfiler.Profile(Housing);

        Assert.Equal(506, profile.Rows);
        Assert.Equal(["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT", "MEDV"], profile.Columns.Select(c => c.Name));
        Assert.All(profile.Columns, c => Assert.Equal(0, c.Missing));
        var medv = profile.Columns[^1];
        Assert.Equal("float32", medv.Type);
        Assert.Equal(22.53, medv.Mean!.Value, 2);
        Assert.Equal(5, medv.Min!.Value, 4);
        Assert.Equal(50, medv.Max!.Value, 4);
        Assert.Equal(21.2, medv.Median!.Value, 4);    // known: Boston MEDV median 21.2
        var chas = profile.Columns[3];
        Assert.Equal("int64", chas.Type);
        Assert.Equal(2, chas.Distinct);
        Assert.Equal(35, chas.Histogram![^1].Count);   // 35 tracts bound the river
        Assert.Equal(471, chas.Histogram[0].Count);
        Assert.Equal(19, medv.Histogram![^1].Count);   // the top bin [47.75, 50]: the 16 censored 50.0 rows and 48.3, 48.5, 48.8
    }

    [Fact]
    public void Json_output_round_trips_with_documented_keys()
    {
        string json = ProfileJson.Write(CensusInferred.Value);
        foreach (string key in new[] { "\"rows\"", "\"columns\"", "\"type\"", "\"count\"", "\"missing\"", "\"distinct\"", "\"distinctExact\"", "\"mean\"", "\"std\"", "\"median\"", "\"q1\"", "\"q3\"", "\"histogram\"", "\"topValues\"", "\"errorBounds\"" })
            Assert.Contains(key, json);
        var back = ProfileJson.Read(json);
        Assert.Equal(1_836, back.Columns[1].Missing);
        Assert.Equal(CensusInferred.Value.Columns[0].Mean, back.Columns[0].Mean);
    }

    [Fact]
    public void Html_is_a_self_contained_page_with_one_chart_per_column()
    {
        foreach (var profile in new[] { CensusInferred.Value, DatasetProfiler.Profile(Housing) })
        {
            string html = ProfileHtml.Render(profile);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("src=", html);
            Assert.DoesNotContain("href=", html);
            // Well-formed enough to parse as XML once the doctype is dropped: every tag closes.
            var document = XDocument.Parse(html["<!DOCTYPE html>".Length..]);
            var sections = document.Descendants("section").ToList();
            Assert.Equal(profile.Columns.Count, sections.Count);
            foreach (var (section, column) in sections.Zip(profile.Columns))
            {
                Assert.Equal(column.Name, section.Element("h2")!.Nodes().OfType<XText>().First().Value.Trim());
                var bars = section.Descendants("svg").Single().Elements("rect").Where(r => ((string?)r.Attribute("class"))?.StartsWith("bar") == true).ToList();
                Assert.Equal(column.IsNumeric ? column.Histogram!.Count : column.TopValues!.Count, bars.Count);
                Assert.All(bars, bar => Assert.True(double.Parse((string)bar.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture) >= 0));
            }
        }
    }

    [Fact]
    public void Json_lines_profile_equals_the_csv_profile()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("boston.jsonl");
        var rows = Sluice.Data.Reading.DataReader.ReadAll(Housing, SchemaInference.Infer(Housing));
        using (var writer = new StreamWriter(path))
        {
            for (int r = 0; r < rows.RowCount; r++)
            {
                var cells = rows.Columns.Select(c => c switch
                {
                    FloatColumn f => $"\"{c.Name}\":{f.Values[r].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" + (f.Values[r] % 1 == 0 ? ".0" : ""),
                    Int64Column l => $"\"{c.Name}\":{l.Values[r]}",
                    _ => throw new InvalidOperationException(),
                });
                writer.WriteLine("{" + string.Join(",", cells) + "}");
            }
        }
        var fromJson = DatasetProfiler.Profile(path);
        var fromCsv = DatasetProfiler.Profile(Housing);
        Assert.Equal("jsonLines", fromJson.Format);
        Assert.Equal(fromCsv.Columns.Select(c => (c.Name, c.Type, c.Count, c.Distinct, c.Median)), fromJson.Columns.Select(c => (c.Name, c.Type, c.Count, c.Distinct, c.Median)));
    }
}
