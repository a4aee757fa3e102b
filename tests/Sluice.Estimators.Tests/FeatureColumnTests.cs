using Sluice.Data.Columns;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Features;
using static Sluice.Estimators.Tests.Batches;

namespace Sluice.Estimators.Tests;

public sealed class FeatureColumnTests
{
    private static (int[] Ids, float[] Weights) IdsOf(CategoricalColumn column, ColumnBatch batch, int row)
    {
        var ids = new int[64];
        var weights = new float[64];
        int n = column.WriteIds(batch, row, ids, weights);
        return (ids[..n], weights[..n]);
    }

    [Fact]
    public void Numeric_reads_floats_and_ints_applies_default_and_zscore()
    {
        var batch = Of(Floats("x", 1f, float.NaN, 5f), Longs("n", 3, 4, 5));
        var plain = FeatureColumn.Numeric("x", defaultValue: -1f);
        Assert.Equal([1f, -1f, 5f], [plain.Read(batch, 0), plain.Read(batch, 1), plain.Read(batch, 2)]);
        var normalised = FeatureColumn.Numeric("n", normalizer: Normalizer.ZScore(4, 2));
        Assert.Equal([-0.5f, 0f, 0.5f], [normalised.Read(batch, 0), normalised.Read(batch, 1), normalised.Read(batch, 2)]);
        Assert.Equal("numeric_column(key=n, normalizer=zscore(mean=4, std=2))", normalised.ToString());
    }

    [Fact]
    public void Numeric_without_default_names_the_column_when_a_value_is_missing()
    {
        var batch = Of(Floats("x", float.NaN));
        var e = Assert.Throws<FeatureColumnException>(() => FeatureColumn.Numeric("x").Read(batch, 0));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("row 0", e.Message);
    }

    [Fact]
    public void Bucketized_includes_left_boundary_and_excludes_right()
    {
        var column = FeatureColumn.Bucketized(FeatureColumn.Numeric("age"), 0f, 1f, 2f);
        var batch = Of(Floats("age", -5f, 0f, 0.5f, 1f, 2f, 99f));
        int[] buckets = [.. Enumerable.Range(0, 6).Select(r => IdsOf(column, batch, r).Ids.Single())];
        Assert.Equal([0, 1, 1, 2, 3, 3], buckets);
        Assert.Equal(4, column.NumBuckets);
        Assert.Equal("age_bucketized", column.Name);
    }

    [Theory]
    [InlineData(new float[] { 1f, 1f })]
    [InlineData(new float[] { 2f, 1f })]
    public void Bucketized_rejects_non_increasing_boundaries_naming_the_column(float[] boundaries)
    {
        var e = Assert.Throws<FeatureColumnException>(() => FeatureColumn.Bucketized(FeatureColumn.Numeric("age"), boundaries));
        Assert.Equal("age_bucketized", e.ColumnName);
        Assert.Contains("strictly increasing", e.Message);
    }

    [Fact]
    public void Vocabulary_list_maps_known_values_drops_unknown_and_missing()
    {
        var column = FeatureColumn.CategoricalWithVocabularyList("color", ["red", "green", "blue"]);
        var batch = Of(Strings("color", "blue", "purple", null, "red", ""));
        Assert.Equal([2], IdsOf(column, batch, 0).Ids);
        Assert.Empty(IdsOf(column, batch, 1).Ids);
        Assert.Empty(IdsOf(column, batch, 2).Ids);
        Assert.Equal([0], IdsOf(column, batch, 3).Ids);
        Assert.Empty(IdsOf(column, batch, 4).Ids);
        Assert.Equal(3, column.NumBuckets);
    }

    [Fact]
    public void Vocabulary_list_with_oov_buckets_hashes_unknown_values_after_the_vocabulary()
    {
        var column = FeatureColumn.CategoricalWithVocabularyList("color", ["red", "green"], numOovBuckets: 5);
        var batch = Of(Strings("color", "purple", "purple", "green"));
        int oov = IdsOf(column, batch, 0).Ids.Single();
        Assert.InRange(oov, 2, 6);
        Assert.Equal(2 + (int)(StableHash.Fnv1a64("purple"u8) % 5), oov);
        Assert.Equal(oov, IdsOf(column, batch, 1).Ids.Single());
        Assert.Equal(7, column.NumBuckets);
    }

    [Fact]
    public void Vocabulary_list_default_value_and_definition_errors()
    {
        var column = FeatureColumn.CategoricalWithVocabularyList("c", ["a", "b"], defaultValue: 1);
        Assert.Equal([1], IdsOf(column, Of(Strings("c", "zzz")), 0).Ids);
        Assert.Throws<FeatureColumnException>(() => FeatureColumn.CategoricalWithVocabularyList("c", ["a", "b"], numOovBuckets: 2, defaultValue: 0));
        var dup = Assert.Throws<FeatureColumnException>(() => FeatureColumn.CategoricalWithVocabularyList("c", ["a", "a"]));
        Assert.Contains("more than once", dup.Message);
        Assert.Throws<FeatureColumnException>(() => FeatureColumn.CategoricalWithVocabularyList("c", []));
    }

    [Fact]
    public void Vocabulary_file_reads_one_entry_per_line()
    {
        using var dir = new Sluice.TestKit.TempDirectory();
        string path = dir.Combine("vocab.txt");
        File.WriteAllText(path, "alpha\nbeta \ngamma\n\n");
        var column = FeatureColumn.CategoricalWithVocabularyFile("g", path);
        Assert.Equal(3, column.NumBuckets);
        var batch = Of(Strings("g", "gamma", "beta", "delta"));
        Assert.Equal([2], IdsOf(column, batch, 0).Ids);
        Assert.Equal([1], IdsOf(column, batch, 1).Ids);
        Assert.Empty(IdsOf(column, batch, 2).Ids);
        Assert.Equal(2, FeatureColumn.CategoricalWithVocabularyFile("g", path, vocabularySize: 2).NumBuckets);
        var missing = Assert.Throws<FeatureColumnException>(() => FeatureColumn.CategoricalWithVocabularyFile("g", dir.Combine("nope.txt")));
        Assert.Equal("g", missing.ColumnName);
    }

    [Fact]
    public void Hash_bucket_uses_fnv1a_of_the_text_and_formats_integers()
    {
        var column = FeatureColumn.CategoricalWithHashBucket("occupation", 1000);
        var batch = Of(Strings("occupation", "Tech-support"), Longs("zip", 12345));
        // FNV-1a 64 of "Tech-support", computed independently of StableHash.
        ulong h = 0xcbf29ce484222325UL;
        foreach (char ch in "Tech-support") { h ^= ch; h *= 0x100000001b3UL; }
        Assert.Equal([(int)(h % 1000)], IdsOf(column, batch, 0).Ids);
        var zip = FeatureColumn.CategoricalWithHashBucket("zip", 100);
        Assert.Equal([(int)(StableHash.Fnv1a64("12345"u8) % 100)], IdsOf(zip, batch, 0).Ids);
        Assert.Throws<FeatureColumnException>(() => FeatureColumn.CategoricalWithHashBucket("x", 1));
    }

    [Fact]
    public void Identity_passes_ids_through_and_defaults_or_fails_out_of_range()
    {
        var batch = Of(Longs("id", 0, 3, 7));
        var strict = FeatureColumn.CategoricalWithIdentity("id", 5);
        Assert.Equal([3], IdsOf(strict, batch, 1).Ids);
        var e = Assert.Throws<FeatureColumnException>(() => IdsOf(strict, batch, 2));
        Assert.Contains("outside [0, 5)", e.Message);
        var lenient = FeatureColumn.CategoricalWithIdentity("id", 5, defaultValue: 4);
        Assert.Equal([4], IdsOf(lenient, batch, 2).Ids);
    }

    [Fact]
    public void Crossed_hashes_each_combination_and_is_order_sensitive_in_hash_but_named_sorted()
    {
        var a = FeatureColumn.CategoricalWithVocabularyList("a", ["x", "y"]);
        var cross = FeatureColumn.Crossed([a, "b"], 1000);
        Assert.Equal("a_X_b", cross.Name);
        var batch = Of(Strings("a", "y", "x", "y", "zzz"), Strings("b", "k", "k", "k", "k"));
        int first = IdsOf(cross, batch, 0).Ids.Single();
        Assert.Equal(first, IdsOf(cross, batch, 2).Ids.Single());
        Assert.NotEqual(first, IdsOf(cross, batch, 1).Ids.Single());
        Assert.Empty(IdsOf(cross, batch, 3).Ids);   // a is out of vocabulary: no id, no cross
        // The documented formula: FNV-1a over (id hash of a = 1), then over FNV-1a("k").
        ulong expected = StableHash.Fnv1a64(StableHash.Fnv1a64("k"u8), StableHash.Fnv1a64(StableHash.Fnv1a64(1UL), StableHash.Seed));
        Assert.Equal((int)(expected % 1000), first);
    }

    [Fact]
    public void Crossed_rejects_hashed_inputs_and_single_keys()
    {
        var hashed = FeatureColumn.CategoricalWithHashBucket("h", 10);
        var e = Assert.Throws<FeatureColumnException>(() => FeatureColumn.Crossed([hashed, "b"], 100));
        Assert.Equal("h", e.ColumnName);
        Assert.Throws<FeatureColumnException>(() => FeatureColumn.Crossed(["only"], 100));
        var nested = FeatureColumn.Crossed([FeatureColumn.Crossed(["a", "b"], 10), "c"], 100);
        Assert.Equal(3, nested.Inputs.Length);
    }

    [Fact]
    public void Weighted_categorical_carries_the_weight_feature()
    {
        var column = FeatureColumn.CategoricalWithVocabularyList("word", ["a", "b"]).WeightedBy("tfidf");
        var batch = Of(Strings("word", "b", "a"), Floats("tfidf", 0.25f, float.NaN));
        var (ids, weights) = IdsOf(column, batch, 0);
        Assert.Equal([1], ids);
        Assert.Equal([0.25f], weights);
        Assert.Empty(IdsOf(column, batch, 1).Ids);
        Assert.Equal("word_weighted_by_tfidf", column.Name);
    }

    [Fact]
    public void Dnn_input_concatenates_sorted_columns_with_indicator_bucketized_and_numeric()
    {
        var color = FeatureColumn.CategoricalWithVocabularyList("color", ["red", "green", "blue"]);
        var layout = new FeatureLayout([], [FeatureColumn.Numeric("z"), color.Indicator(), FeatureColumn.Bucketized(FeatureColumn.Numeric("age"), 30f)]);
        Assert.Equal(["age_bucketized", "color_indicator", "z"], layout.DnnColumns.Select(c => c.Name));
        Assert.Equal(2 + 3 + 1, layout.DenseWidth);
        var batch = Of(Strings("color", "blue", null), Floats("age", 40f, 20f), Floats("z", 7f, -1f));
        var features = new FeatureBatch(layout);
        new Featurizer(layout).Featurize(batch, 2, features);
        Assert.Equal([0f, 1f, 0f, 0f, 1f, 7f], features.DenseRow(0).ToArray());
        Assert.Equal([1f, 0f, 0f, 0f, 0f, -1f], features.DenseRow(1).ToArray());
    }

    [Fact]
    public void Indicator_of_weighted_column_sums_weights()
    {
        var column = FeatureColumn.CategoricalWithIdentity("id", 3).WeightedBy("w").Indicator();
        var layout = new FeatureLayout([], [column]);
        var features = new FeatureBatch(layout);
        new Featurizer(layout).Featurize(Of(Longs("id", 2), Floats("w", 2.5f)), 1, features);
        Assert.Equal([0f, 0f, 2.5f], features.DenseRow(0).ToArray());
    }

    [Fact]
    public void Linear_layout_gives_each_column_its_own_block_of_rows()
    {
        var color = FeatureColumn.CategoricalWithVocabularyList("color", ["red", "green", "blue"]);
        var layout = new FeatureLayout([FeatureColumn.Numeric("z"), color, FeatureColumn.Bucketized(FeatureColumn.Numeric("age"), 30f)], []);
        // sorted: age_bucketized (2 rows), color (3 rows), z (1 row)
        Assert.Equal([0, 2, 5], layout.LinearOffsets.ToArray());
        Assert.Equal(6, layout.LinearRows);
        var features = new FeatureBatch(layout);
        new Featurizer(layout).Featurize(Of(Strings("color", "green"), Floats("age", 31f), Floats("z", 4f)), 1, features);
        Assert.Equal([1, 3, 5], features.Linear.Ids(0).ToArray());
        Assert.Equal([1f, 1f, 4f], features.Linear.Weights(0).ToArray());
    }

    [Fact]
    public void Embedding_combiners_mean_sqrtn_sum_and_max_norm()
    {
        float[] weights = [1f, 3f];
        Assert.Equal(0.25f, Model.NetworkForward.EmbeddingScale(EmbeddingCombiner.Mean, weights));
        Assert.Equal(1f / MathF.Sqrt(10f), Model.NetworkForward.EmbeddingScale(EmbeddingCombiner.SqrtN, weights), 6);
        Assert.Equal(1f, Model.NetworkForward.EmbeddingScale(EmbeddingCombiner.Sum, weights));
        Assert.Equal(0.5f, Model.NetworkForward.ClipFactor([3f, 4f], 2.5f));
        Assert.Equal(1f, Model.NetworkForward.ClipFactor([3f, 4f], 10f));
        var e = FeatureColumn.CategoricalWithHashBucket("occupation", 100).Embed(8);
        Assert.Equal(1f / MathF.Sqrt(8), e.InitializerStdDev);
        Assert.Equal("occupation_embedding", e.Name);
        Assert.Throws<FeatureColumnException>(() => FeatureColumn.CategoricalWithHashBucket("o", 100).Embed(0));
    }

    [Fact]
    public void Embedding_forward_combines_rows_of_the_table()
    {
        var column = FeatureColumn.CategoricalWithIdentity("id", 4).WeightedBy("w").Embed(2, EmbeddingCombiner.Mean);
        var layout = new FeatureLayout([], [column]);
        var p = new Model.NetworkParameters(layout, 1, [1], Model.Activation.Linear);
        float[] table = [1, 2, 3, 4, 5, 6, 7, 8];
        table.CopyTo(p.Embeddings[0].Values, 0);
        var features = new FeatureBatch(layout);
        new Featurizer(layout).Featurize(Of(Longs("id", 3), Floats("w", 2f)), 1, features);
        var ws = new Model.NetworkWorkspace(p, 1);
        var rng = new Model.SplitMix64(0);
        Model.NetworkForward.Run(p, features, [0], ws, 0f, ref rng);
        Assert.Equal([7f, 8f], ws.Input.AsSpan(0, 2).ToArray());   // mean of one row weighted 2 = the row
    }

    [Fact]
    public void Duplicate_column_names_in_a_list_are_rejected()
    {
        var e = Assert.Throws<FeatureColumnException>(() => new FeatureLayout([FeatureColumn.Numeric("a"), FeatureColumn.Numeric("a")], []));
        Assert.Equal("a", e.ColumnName);
    }

    [Fact]
    public void Columns_print_what_they_are()
    {
        Assert.Equal("crossed_column(keys=[a, b], hash_bucket_size=10)", FeatureColumn.Crossed(["a", "b"], 10).ToString());
        Assert.Equal("categorical_column_with_hash_bucket(key=o, hash_bucket_size=10)", FeatureColumn.CategoricalWithHashBucket("o", 10).ToString());
        Assert.StartsWith("embedding_column(categorical=categorical_column_with_identity(key=i, num_buckets=3), dimension=2, combiner=sqrtn", FeatureColumn.CategoricalWithIdentity("i", 3).Embed(2, EmbeddingCombiner.SqrtN).ToString());
    }
}
