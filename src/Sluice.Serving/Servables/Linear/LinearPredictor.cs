using System.Text;
using Sluice.Data.Columns;

namespace Sluice.Serving.Servables.Linear;

/// <summary>Scores a batch with a <see cref="LinearServable"/>: logits[r, j] = bias[j] + Σ_inputs w_input[j](value[r]).</summary>
internal sealed class LinearPredictor : IServablePredictor
{
    private readonly LinearServable _servable;
    private readonly int _maxBatchSize;
    private readonly PredictionBuffers _output;
    private readonly Dictionary<string, float[]>.AlternateLookup<ReadOnlySpan<char>>?[] _lookups;
    private readonly char[] _chars = new char[256];

    public LinearPredictor(LinearServable servable, int maxBatchSize)
    {
        _servable = servable;
        _maxBatchSize = maxBatchSize;
        _output = new PredictionBuffers(servable.Signature, maxBatchSize);
        var categorical = servable.Weights.Categorical;
        _lookups = new Dictionary<string, float[]>.AlternateLookup<ReadOnlySpan<char>>?[categorical.Length];
        for (int i = 0; i < categorical.Length; i++)
        {
            if (categorical[i] is { } vocabulary) _lookups[i] = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    public ColumnBatch CreateInputBatch()
    {
        var inputs = _servable.Signature.Inputs;
        var columns = new Column[inputs.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = inputs[i].Kind switch
            {
                ColumnKind.Float32 => new FloatColumn(inputs[i].Name, _maxBatchSize),
                ColumnKind.Int64 => new Int64Column(inputs[i].Name, _maxBatchSize),
                _ => new StringColumn(inputs[i].Name, _maxBatchSize),
            };
        }
        return new ColumnBatch(columns);
    }

    public IPredictionRows Predict(ColumnBatch input)
    {
        var weights = _servable.Weights;
        int rows = input.RowCount, k = weights.LogitCount;
        Span<float> logits = _output.BeginLogits(rows);
        for (int r = 0; r < rows; r++) weights.Bias.CopyTo(logits.Slice(r * k, k));
        for (int i = 0; i < input.Columns.Count; i++)
        {
            var column = input.Columns[i];
            if (weights.Numeric[i] is { } w) AddNumeric(column, w, logits, rows, k);
            else if (_lookups[i] is { } lookup && column is StringColumn strings) AddCategorical(strings, lookup, logits, rows, k);
        }
        _output.Finish(rows);
        return _output;
    }

    private static void AddNumeric(Column column, float[] w, Span<float> logits, int rows, int k)
    {
        var missing = column.Missing;
        for (int r = 0; r < rows; r++)
        {
            if (missing[r]) continue;
            float value = column switch
            {
                FloatColumn f => f.Values[r],
                Int64Column l => l.Values[r],
                _ => 0f,
            };
            for (int j = 0; j < k; j++) logits[r * k + j] += w[j] * value;
        }
    }

    private void AddCategorical(StringColumn column, Dictionary<string, float[]>.AlternateLookup<ReadOnlySpan<char>> lookup, Span<float> logits, int rows, int k)
    {
        var missing = column.Missing;
        for (int r = 0; r < rows; r++)
        {
            if (missing[r]) continue;
            var bytes = column.GetBytes(r);
            if (bytes.Length > _chars.Length) continue; // longer than any vocabulary entry we keep: out of vocabulary
            int length = Encoding.UTF8.GetChars(bytes, _chars);
            if (!lookup.TryGetValue(_chars.AsSpan(0, length), out var w)) continue;
            for (int j = 0; j < k; j++) logits[r * k + j] += w[j];
        }
    }
}
