using Sluice.Data.Columns;
using Sluice.Data.Schema;
using Sluice.TestKit;

namespace Sluice.Data.Tests;

/// <summary>The census (UCI Adult) schema with its documented quirks, as the estimators read it.</summary>
internal static class Census
{
    public static string TrainPath => RepoPaths.Samples("census", "data", "adult.data");
    public static string TestPath => RepoPaths.Samples("census", "data", "adult.test");

    public static readonly string[] Names =
    [
        "age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation", "relationship",
        "race", "gender", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income_bracket",
    ];

    private static readonly HashSet<string> Numeric = ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week"];

    public static DataSchema Schema(ColumnKind numericKind = ColumnKind.Float32)
    {
        var schema = new DataSchema
        {
            Label = "income_bracket",
            Read = new ReadOptions { Header = false, TrimWhitespace = true, MissingTokens = ["?"], CommentPrefix = "|" },
        };
        foreach (string name in Names)
        {
            schema.Columns.Add(new ColumnSchema(name, Numeric.Contains(name) ? numericKind : ColumnKind.String)
            {
                StripSuffix = name == "income_bracket" ? "." : null,
            });
        }
        return schema;
    }
}
