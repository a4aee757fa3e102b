using System.Buffers.Text;
using Sluice.Data.Columns;
using Sluice.Estimators.FeatureColumns;

namespace Sluice.Estimators.Heads;

/// <summary>
/// Turns the label (and weight) features of a batch into floats: class ids for classifiers (through the label
/// vocabulary when there is one), values for regression. Bad labels fail naming the row and value.
/// </summary>
internal sealed class LabelReader
{
    private readonly HeadOptions _options;
    private readonly Utf8Vocabulary? _vocabulary;

    public LabelReader(HeadOptions options)
    {
        _options = options;
        if (options.LabelVocabulary is { } v) _vocabulary = new Utf8Vocabulary(v, options.LabelKey);
    }

    public void Read(ColumnBatch batch, int rows, Span<float> labels, Span<float> weights)
    {
        if (!batch.TryGet(_options.LabelKey, out var column))
            throw new InvalidDataException($"The data has no label feature '{_options.LabelKey}'.");
        Column? weightColumn = null;
        if (_options.WeightKey is { } wk && !batch.TryGet(wk, out weightColumn))
            throw new InvalidDataException($"The data has no weight feature '{wk}'.");
        for (int r = 0; r < rows; r++)
        {
            labels[r] = ReadLabel(column, r);
            weights[r] = weightColumn switch
            {
                null => 1f,
                FloatColumn f when !f.Missing[r] => f.Values[r],
                Int64Column l when !l.Missing[r] => l.Values[r],
                _ => throw new InvalidDataException($"Weight feature '{_options.WeightKey}' is missing or not numeric in row {r}."),
            };
        }
    }

    private float ReadLabel(Column column, int row)
    {
        if (column.Missing[row]) throw new InvalidDataException($"Label '{_options.LabelKey}' is missing in row {row}.");
        float value;
        if (_vocabulary is not null)
        {
            if (column is not StringColumn s) throw new InvalidDataException($"Label '{_options.LabelKey}' must be text to use a label vocabulary.");
            int id = _vocabulary.IndexOf(s.GetBytes(row));
            if (id < 0) throw new InvalidDataException($"Label '{s.GetString(row)}' in row {row} is not in the label vocabulary [{string.Join(", ", _options.LabelVocabulary!)}].");
            return id;
        }
        value = column switch
        {
            FloatColumn f => f.Values[row],
            Int64Column l => l.Values[row],
            StringColumn s when Utf8Parser.TryParse(s.GetBytes(row), out float parsed, out int used) && used == s.GetBytes(row).Length => parsed,
            StringColumn s => throw new InvalidDataException($"Label '{s.GetString(row)}' in row {row} is not a number; give the head a label vocabulary for text labels."),
            _ => throw new InvalidDataException($"Label '{_options.LabelKey}' has an unsupported kind."),
        };
        if (_options.Kind == HeadKind.Regression) return value;
        bool valid = _options.Kind == HeadKind.BinaryClassification
            ? value is 0f or 1f
            : value >= 0 && value < _options.NumClasses && value == MathF.Floor(value);
        if (!valid) throw new InvalidDataException($"Label {value} in row {row} is not a class id in [0, {_options.NumClasses}).");
        return value;
    }
}
