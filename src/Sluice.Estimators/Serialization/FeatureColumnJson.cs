using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Sluice.Estimators.FeatureColumns;

namespace Sluice.Estimators.Serialization;

/// <summary>
/// Feature columns to and from JSON (the YAML config uses the same shape). Written columns are self-contained trees
/// carrying everything inference needs (vocabularies, hash sizes, boundaries, normaliser statistics); read columns
/// may also refer to another column by its config name (<c>source: age</c>) through <c>resolve</c>.
/// </summary>
internal static class FeatureColumnJson
{
    public static JsonObject Write(FeatureColumn column) => column switch
    {
        NumericColumn n => Numeric(n),
        BucketizedColumn b => new JsonObject { ["type"] = "bucketized", ["source"] = Numeric(b.Source), ["boundaries"] = Array(b.Boundaries.Select(x => (double)x)) },
        VocabularyListColumn v => new JsonObject { ["type"] = "vocabulary_list", ["key"] = v.Key, ["vocabulary"] = Array(v.Vocabulary), ["numOovBuckets"] = v.NumOovBuckets, ["defaultValue"] = v.DefaultValue },
        VocabularyFileColumn f => new JsonObject { ["type"] = "vocabulary_file", ["key"] = f.Key, ["file"] = f.VocabularyFile, ["vocabulary"] = Array(f.Vocabulary), ["numOovBuckets"] = f.NumOovBuckets, ["defaultValue"] = f.DefaultValue },
        HashBucketColumn h => new JsonObject { ["type"] = "hash_bucket", ["key"] = h.Key, ["hashBucketSize"] = h.HashBucketSize },
        IdentityColumn i => new JsonObject { ["type"] = "identity", ["key"] = i.Key, ["numBuckets"] = i.NumBuckets, ["defaultValue"] = i.DefaultValue },
        CrossedColumn c => new JsonObject
        {
            ["type"] = "crossed",
            ["keys"] = new JsonArray([.. c.Inputs.Select(input => input.Column is null ? (JsonNode)JsonValue.Create(input.Name) : Write(input.Column))]),
            ["hashBucketSize"] = c.HashBucketSize,
        },
        WeightedCategoricalColumn w => new JsonObject { ["type"] = "weighted", ["categorical"] = Write(w.Categorical), ["weightKey"] = w.WeightKey },
        IndicatorColumn i => new JsonObject { ["type"] = "indicator", ["categorical"] = Write(i.Categorical) },
        EmbeddingColumn e => new JsonObject
        {
            ["type"] = "embedding", ["categorical"] = Write(e.Categorical), ["dimension"] = e.Dimension,
            ["combiner"] = e.Combiner.ToString().ToLowerInvariant(), ["initializerStdDev"] = e.InitializerStdDev,
            ["maxNorm"] = e.MaxNorm, ["trainable"] = e.Trainable,
        },
        _ => throw new NotSupportedException($"Cannot serialise feature column {column.GetType().Name}."),
    };

    public static FeatureColumn Read(JsonNode? node, string path, Func<string, FeatureColumn?> resolve)
    {
        if (node is JsonValue reference && reference.TryGetValue(out string? name))
            return resolve(name) ?? throw new SpecFormatException(path, $"refers to '{name}', which is not a defined feature column.");
        if (node is not JsonObject obj) throw new SpecFormatException(path, "must be a feature column mapping or the name of one.");
        var f = new JsonFields(obj, path);
        string type = f.String("type");
        try
        {
            return type switch
            {
                "numeric" => ReadNumeric(f),
                "bucketized" => FeatureColumn.Bucketized(AsNumeric(Read(f.Raw("source") ?? Missing(f, "source"), f.At("source"), resolve), f.At("source")),
                    [.. (f.OptionalNumbers("boundaries") ?? throw new SpecFormatException(f.At("boundaries"), "is required.")).Select(d => (float)d)]),
                "vocabulary_list" => FeatureColumn.CategoricalWithVocabularyList(f.String("key"),
                    f.OptionalStrings("vocabulary") ?? throw new SpecFormatException(f.At("vocabulary"), "is required."),
                    f.OptionalInt("numOovBuckets") ?? 0, f.OptionalInt("defaultValue") ?? -1),
                "vocabulary_file" => f.OptionalStrings("vocabulary") is { } entries
                    ? VocabularyFileColumn.FromEntries(f.String("key"), f.OptionalString("file") ?? "", [.. entries], f.OptionalInt("numOovBuckets") ?? 0, f.OptionalInt("defaultValue") ?? -1)
                    : FeatureColumn.CategoricalWithVocabularyFile(f.String("key"), f.String("file"), f.OptionalInt("vocabularySize"), f.OptionalInt("numOovBuckets") ?? 0, f.OptionalInt("defaultValue") ?? -1),
                "hash_bucket" => FeatureColumn.CategoricalWithHashBucket(f.String("key"), f.Int("hashBucketSize")),
                "identity" => FeatureColumn.CategoricalWithIdentity(f.String("key"), f.Int("numBuckets"), f.OptionalInt("defaultValue")),
                "crossed" => FeatureColumn.Crossed(ReadCrossKeys(f, resolve), f.Int("hashBucketSize")),
                "weighted" => Categorical(f, "categorical", resolve).WeightedBy(f.String("weightKey")),
                "indicator" => Categorical(f, "categorical", resolve).Indicator(),
                "embedding" => Categorical(f, "categorical", resolve).Embed(f.Int("dimension"), f.Enum("combiner", EmbeddingCombiner.Mean),
                    f.OptionalFloat("initializerStdDev"), f.OptionalFloat("maxNorm"), f.OptionalBool("trainable") ?? true),
                _ => throw new SpecFormatException(f.At("type"), $"'{type}' is not a feature column type (numeric, bucketized, vocabulary_list, vocabulary_file, hash_bucket, identity, crossed, weighted, indicator, embedding)."),
            };
        }
        catch (FeatureColumnException e)
        {
            throw new SpecFormatException(path, e.Message, inner: e);
        }
    }

    private static JsonObject Numeric(NumericColumn n)
    {
        var o = new JsonObject { ["type"] = "numeric", ["key"] = n.Key };
        if (n.DefaultValue is { } d) o["defaultValue"] = d;
        if (n.Normalizer is { } z)
            o["normalizer"] = z.IsFitted ? new JsonObject { ["kind"] = "zscore", ["mean"] = z.Mean, ["stdDev"] = z.StdDev } : new JsonObject { ["kind"] = "zscore" };
        return o;
    }

    private static NumericColumn ReadNumeric(JsonFields f)
    {
        Normalizer? normalizer = null;
        switch (f.Raw("normalizer"))
        {
            case null: break;
            case JsonValue v when v.TryGetValue(out string? s) && s == "zscore": normalizer = Normalizer.ZScore(); break;
            case JsonObject o:
                var nf = new JsonFields(o, f.At("normalizer"));
                if (nf.OptionalString("kind") is { } kind && kind != "zscore") throw new SpecFormatException(nf.At("kind"), $"'{kind}' is not a normaliser (zscore).");
                double? mean = nf.OptionalDouble("mean"), std = nf.OptionalDouble("stdDev");
                normalizer = mean is null || std is null ? Normalizer.ZScore() : Normalizer.ZScore(mean.Value, std.Value);
                break;
            default: throw new SpecFormatException(f.At("normalizer"), "must be 'zscore' or {kind: zscore, mean, stdDev}.");
        }
        return FeatureColumn.Numeric(f.String("key"), f.OptionalFloat("defaultValue"), normalizer);
    }

    private static IEnumerable<object> ReadCrossKeys(JsonFields f, Func<string, FeatureColumn?> resolve)
    {
        var keys = f.OptionalArray("keys") ?? throw new SpecFormatException(f.At("keys"), "is required.");
        var result = new List<object>();
        for (int i = 0; i < keys.Count; i++)
        {
            string at = $"{f.At("keys")}[{i}]";
            if (keys[i] is JsonValue v && v.TryGetValue(out string? name))
            {
                // A name that is a defined categorical column crosses its ids; any other name is a raw string feature.
                // A hashed column is crossed through its raw key (TF forbids crossing hashed columns; hashing twice adds nothing).
                result.Add(resolve(name) switch { HashBucketColumn h => h.Key, CategoricalColumn c => c, null => name, var other => throw new SpecFormatException(at, $"'{name}' is a {other.GetType().Name}; crosses take categorical columns or raw keys.") });
            }
            else result.Add(Read(keys[i], at, resolve) is CategoricalColumn c ? c : throw new SpecFormatException(at, "crosses take categorical columns or raw keys."));
        }
        return result;
    }

    private static CategoricalColumn Categorical(JsonFields f, string field, Func<string, FeatureColumn?> resolve)
        => Read(f.Raw(field) ?? Missing(f, field), f.At(field), resolve) as CategoricalColumn
            ?? throw new SpecFormatException(f.At(field), "must be a categorical column (vocabulary_list, vocabulary_file, hash_bucket, identity, bucketized, crossed or weighted).");

    private static NumericColumn AsNumeric(FeatureColumn column, string path)
        => column as NumericColumn ?? throw new SpecFormatException(path, "must be a numeric column.");

    private static JsonNode Missing(JsonFields f, string field) => throw new SpecFormatException(f.At(field), "is required.");

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);

    private static JsonArray Array(IEnumerable<double> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);

    /// <summary>Reads a list of columns that refer to each other by <c>name</c> (the config form).</summary>
    public static Dictionary<string, FeatureColumn> ReadNamed(JsonArray list, string path)
    {
        var byName = new Dictionary<string, FeatureColumn>(StringComparer.Ordinal);
        for (int i = 0; i < list.Count; i++)
        {
            string at = $"{path}[{i}]";
            if (list[i] is not JsonObject obj) throw new SpecFormatException(at, "must be a feature column mapping.");
            var f = new JsonFields(obj, at);
            string name = f.String("name");
            var body = (JsonObject)obj.DeepClone();
            body.Remove("name");
            var column = Read(body, at, n => byName.GetValueOrDefault(n));
            if (!byName.TryAdd(name, column)) throw new SpecFormatException(f.At("name"), $"'{name}' is defined twice.");
        }
        return byName;
    }

    internal static ImmutableArray<FeatureColumn> ReadList(JsonArray? list, string path)
    {
        if (list is null) return [];
        var result = ImmutableArray.CreateBuilder<FeatureColumn>();
        for (int i = 0; i < list.Count; i++) result.Add(Read(list[i], $"{path}[{i}]", _ => null));
        return result.ToImmutable();
    }
}
