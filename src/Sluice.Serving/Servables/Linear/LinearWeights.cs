namespace Sluice.Serving.Servables.Linear;

/// <summary>The weights of a linear bundle laid out per signature input for a fast scoring loop.</summary>
internal sealed class LinearWeights
{
    public required int LogitCount { get; init; }
    public required float[] Bias { get; init; }

    /// <summary>Per input: weights (length LogitCount) for numeric inputs, null otherwise.</summary>
    public required float[]?[] Numeric { get; init; }

    /// <summary>Per input: vocabulary → weights for categorical inputs, null otherwise. Unknown values score 0.</summary>
    public required Dictionary<string, float[]>?[] Categorical { get; init; }

    public static LinearWeights From(LinearModelDefinition definition, ServingSignature signature, string path)
    {
        int k = signature.LogitCount;
        if (definition.Bias.Length != k)
            throw new ServableLoadException($"{path}: bias has {definition.Bias.Length} values; the head needs {k}.");
        var numeric = new float[]?[signature.Inputs.Count];
        var categorical = new Dictionary<string, float[]>?[signature.Inputs.Count];
        foreach (var (name, w) in definition.Numeric ?? [])
        {
            int index = IndexOrThrow(signature, name, path, "numeric");
            if (w.Length != k) throw new ServableLoadException($"{path}: numeric.{name} has {w.Length} weights; the head needs {k}.");
            numeric[index] = w;
        }
        foreach (var (name, vocabulary) in definition.Categorical ?? [])
        {
            int index = IndexOrThrow(signature, name, path, "categorical");
            foreach (var (value, w) in vocabulary)
            {
                if (w.Length != k) throw new ServableLoadException($"{path}: categorical.{name}.{value} has {w.Length} weights; the head needs {k}.");
            }
            categorical[index] = new Dictionary<string, float[]>(vocabulary, StringComparer.Ordinal);
        }
        return new LinearWeights { LogitCount = k, Bias = definition.Bias, Numeric = numeric, Categorical = categorical };
    }

    private static int IndexOrThrow(ServingSignature signature, string name, string path, string section)
    {
        int index = signature.IndexOf(name);
        return index >= 0 ? index : throw new ServableLoadException($"{path}: {section}.{name} is not one of the inputs.");
    }
}
