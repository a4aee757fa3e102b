using System.Collections.Immutable;
using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// categorical_column_with_vocabulary_file: like a vocabulary list read from a file, one entry per line
/// (id = line number, trailing whitespace trimmed). The entries are loaded at definition time and exported with the
/// model, so a bundle never depends on the original file.
/// </summary>
public sealed record VocabularyFileColumn : CategoricalColumn
{
    private readonly Utf8Vocabulary _lookup;

    private VocabularyFileColumn(string key, string vocabularyFile, ImmutableArray<string> vocabulary, int numOovBuckets, int defaultValue)
    {
        Key = key;
        VocabularyFile = vocabularyFile;
        Vocabulary = vocabulary;
        NumOovBuckets = numOovBuckets;
        DefaultValue = defaultValue;
        _lookup = new Utf8Vocabulary(vocabulary, key);
    }

    public string Key { get; }

    /// <summary>Where the vocabulary was read from (informational after loading).</summary>
    public string VocabularyFile { get; }

    public ImmutableArray<string> Vocabulary { get; }
    public int NumOovBuckets { get; }
    public int DefaultValue { get; }

    public override string Name => Key;
    public override IEnumerable<string> InputKeys => [Key];
    public override int NumBuckets => Vocabulary.Length + NumOovBuckets;

    internal static VocabularyFileColumn Load(string key, string vocabularyFile, int? vocabularySize, int numOovBuckets, int defaultValue)
    {
        FeatureColumnChecks.Key(key, "categorical_column_with_vocabulary_file");
        if (!File.Exists(vocabularyFile)) throw new FeatureColumnException(key, $"vocabulary file '{vocabularyFile}' does not exist.");
        var lines = File.ReadAllLines(vocabularyFile).Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (vocabularySize is { } size)
        {
            if (size <= 0) throw new FeatureColumnException(key, $"vocabularySize must be positive (got {size}).");
            if (size > lines.Count) throw new FeatureColumnException(key, $"vocabularySize {size} exceeds the {lines.Count} entries of '{vocabularyFile}'.");
            lines = lines.GetRange(0, size);
        }
        return FromEntries(key, vocabularyFile, [.. lines], numOovBuckets, defaultValue);
    }

    /// <summary>Rebuilds the column from entries saved in an export or checkpoint.</summary>
    internal static VocabularyFileColumn FromEntries(string key, string vocabularyFile, ImmutableArray<string> entries, int numOovBuckets, int defaultValue)
    {
        if (entries.IsDefaultOrEmpty) throw new FeatureColumnException(key, $"vocabulary file '{vocabularyFile}' has no entries.");
        if (numOovBuckets < 0) throw new FeatureColumnException(key, $"numOovBuckets must be >= 0 (got {numOovBuckets}).");
        if (numOovBuckets > 0 && defaultValue != -1) throw new FeatureColumnException(key, "defaultValue and numOovBuckets cannot both be set.");
        if (defaultValue < -1 || defaultValue >= entries.Length) throw new FeatureColumnException(key, $"defaultValue {defaultValue} is outside [-1, {entries.Length}).");
        return new VocabularyFileColumn(key, vocabularyFile, entries, numOovBuckets, defaultValue);
    }

    internal override int WriteIds(ColumnBatch batch, int row, Span<int> ids, Span<float> weights)
        => VocabularyLookup.WriteId(_lookup, Key, Name, NumOovBuckets, DefaultValue, batch, row, ids, weights);

    public override string ToString()
        => $"categorical_column_with_vocabulary_file(key={Key}, file={Path.GetFileName(VocabularyFile)}, vocabulary_size={Vocabulary.Length}{VocabularyLookup.Describe(NumOovBuckets, DefaultValue)})";
}
