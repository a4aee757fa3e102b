using System.Collections.Immutable;
using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// categorical_column_with_vocabulary_list: id = position of the value in <see cref="Vocabulary"/>. Unknown values go
/// to one of <see cref="NumOovBuckets"/> hashed OOV ids after the vocabulary, or else to <see cref="DefaultValue"/>
/// (-1 = dropped).
/// </summary>
public sealed record VocabularyListColumn : CategoricalColumn
{
    private readonly Utf8Vocabulary _lookup;

    internal VocabularyListColumn(string key, ImmutableArray<string> vocabulary, int numOovBuckets, int defaultValue)
    {
        FeatureColumnChecks.Key(key, "categorical_column_with_vocabulary_list");
        if (vocabulary.IsDefaultOrEmpty) throw new FeatureColumnException(key, "the vocabulary is empty.");
        if (numOovBuckets < 0) throw new FeatureColumnException(key, $"numOovBuckets must be >= 0 (got {numOovBuckets}).");
        if (numOovBuckets > 0 && defaultValue != -1)
            throw new FeatureColumnException(key, "defaultValue and numOovBuckets cannot both be set.");
        if (defaultValue < -1 || defaultValue >= vocabulary.Length)
            throw new FeatureColumnException(key, $"defaultValue {defaultValue} is outside [-1, {vocabulary.Length}).");
        Key = key;
        Vocabulary = vocabulary;
        NumOovBuckets = numOovBuckets;
        DefaultValue = defaultValue;
        _lookup = new Utf8Vocabulary(vocabulary, key);
    }

    public string Key { get; }
    public ImmutableArray<string> Vocabulary { get; }
    public int NumOovBuckets { get; }
    public int DefaultValue { get; }

    public override string Name => Key;
    public override IEnumerable<string> InputKeys => [Key];
    public override int NumBuckets => Vocabulary.Length + NumOovBuckets;

    internal override int WriteIds(ColumnBatch batch, int row, Span<int> ids, Span<float> weights)
        => VocabularyLookup.WriteId(_lookup, Key, Name, NumOovBuckets, DefaultValue, batch, row, ids, weights);

    public override string ToString()
        => $"categorical_column_with_vocabulary_list(key={Key}, vocabulary_size={Vocabulary.Length}{VocabularyLookup.Describe(NumOovBuckets, DefaultValue)})";
}
