using System.Text.Json;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Tests.Support;

/// <summary>
/// Writes a census-shaped <c>linear-model.json</c> bundle (13 raw inputs, binary head, labels &lt;=50K / &gt;50K) with a
/// manifest, and scores instances with the same weights by hand (the naive twin the server is held to).
/// </summary>
internal static class CensusLinearBundle
{
    public static readonly string[] NumericInputs = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"];
    public static readonly string[] CategoricalInputs = ["workclass", "education", "marital_status", "occupation", "relationship", "race", "gender", "native_country"];

    public static readonly Dictionary<string, float> NumericWeights = new()
    {
        ["age"] = 0.03f, ["education_num"] = 0.3f, ["capital_gain"] = 0.0003f, ["capital_loss"] = 0.0002f, ["hours_per_week"] = 0.02f,
    };

    public static readonly Dictionary<string, Dictionary<string, float>> CategoricalWeights = new()
    {
        ["marital_status"] = new() { ["Married-civ-spouse"] = 1.5f, ["Never-married"] = -0.5f },
        ["relationship"] = new() { ["Husband"] = 0.5f, ["Own-child"] = -1.0f },
        ["workclass"] = new() { ["Self-emp-inc"] = 0.6f, ["Private"] = 0.1f },
        ["occupation"] = new() { ["Exec-managerial"] = 0.8f, ["Machine-op-inspct"] = -0.4f },
    };

    /// <summary>The first census instance of the issue (classed &lt;=50K).</summary>
    public static Dictionary<string, object> Young => new()
    {
        ["age"] = 25, ["workclass"] = "Private", ["education"] = "11th", ["education_num"] = 7, ["marital_status"] = "Never-married",
        ["occupation"] = "Machine-op-inspct", ["relationship"] = "Own-child", ["race"] = "Black", ["gender"] = "Male",
        ["capital_gain"] = 0, ["capital_loss"] = 0, ["hours_per_week"] = 40, ["native_country"] = "United-States",
    };

    /// <summary>The second census instance of the issue (classed &gt;50K).</summary>
    public static Dictionary<string, object> Executive => new()
    {
        ["age"] = 42, ["workclass"] = "Self-emp-inc", ["education"] = "HS-grad", ["education_num"] = 9, ["marital_status"] = "Married-civ-spouse",
        ["occupation"] = "Exec-managerial", ["relationship"] = "Husband", ["race"] = "White", ["gender"] = "Male",
        ["capital_gain"] = 5178, ["capital_loss"] = 0, ["hours_per_week"] = 50, ["native_country"] = "United-States",
    };

    /// <summary>Writes version folder <c>&lt;basePath&gt;/&lt;version&gt;</c> (via a temp folder and a rename) and returns it.</summary>
    public static string Write(string basePath, long version, float bias = -6f, bool withWarmup = true)
    {
        string final = Path.Combine(basePath, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string temp = Path.Combine(basePath, $".tmp-{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        var inputs = NumericInputs.Select(n => new { name = n, kind = "float32", required = n != "capital_loss", @default = n == "capital_loss" ? "0" : null })
            .Concat(CategoricalInputs.Select(n => new { name = n, kind = "string", required = true, @default = (string?)null }))
            .ToArray();
        var definition = new
        {
            head = "binary",
            classLabels = new[] { "<=50K", ">50K" },
            inputs,
            bias = new[] { bias },
            numeric = NumericWeights.ToDictionary(p => p.Key, p => new[] { p.Value }),
            categorical = CategoricalWeights.ToDictionary(p => p.Key, p => p.Value.ToDictionary(v => v.Key, v => new[] { v.Value })),
            warmup = withWarmup ? new[] { Young, Executive } : null,
        };
        File.WriteAllBytes(Path.Combine(temp, "linear-model.json"), JsonSerializer.SerializeToUtf8Bytes(definition));
        BundleManifest.Write(temp, ["linear-model.json"]);
        Directory.Move(temp, final);
        return final;
    }

    /// <summary>logit = bias + Σ w·x + Σ w[category], computed directly from the weight tables.</summary>
    public static double ExpectedLogit(IReadOnlyDictionary<string, object> instance, float bias = -6f)
    {
        double logit = bias;
        foreach (var (name, weight) in NumericWeights)
            if (instance.TryGetValue(name, out var value)) logit += weight * Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, vocabulary) in CategoricalWeights)
            if (instance.TryGetValue(name, out var value) && vocabulary.TryGetValue((string)value, out float weight)) logit += weight;
        return logit;
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
