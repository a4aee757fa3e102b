using Sluice.Estimators.Features;
using Sluice.Learning.Initializers;
using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Estimators.Model;

/// <summary>
/// The variables of one model: an optional linear part (one weight table over all linear column rows plus a bias,
/// zero-initialised as in TF) and an optional DNN (embedding tables, hidden layers, logits layer; Glorot-uniform
/// kernels, zero biases, truncated-normal embeddings). Logits are the sum of both parts.
/// </summary>
internal sealed class NetworkParameters
{
    public NetworkParameters(FeatureLayout layout, int units, IReadOnlyList<int> hiddenUnits, Activation activation)
    {
        Layout = layout;
        Units = units;
        HiddenUnits = [.. hiddenUnits];
        Activation = activation;
        if (layout.HasLinear)
        {
            LinearWeights = new Variable("linear/linear_model/weights", layout.LinearRows, units);
            LinearBias = new Variable("linear/linear_model/bias_weights", 1, units);
        }
        Embeddings = [.. layout.Embeddings.Select(e => new Variable($"dnn/input_from_feature_columns/{e.Name}/embedding_weights", e.Categorical.NumBuckets, e.Dimension))];
        if (layout.HasDnn)
        {
            int inputs = layout.DnnInputWidth;
            var kernels = new List<Variable>();
            var biases = new List<Variable>();
            for (int l = 0; l <= HiddenUnits.Length; l++)
            {
                bool logits = l == HiddenUnits.Length;
                int outputs = logits ? units : HiddenUnits[l];
                string scope = logits ? "dnn/logits" : $"dnn/hiddenlayer_{l}";
                kernels.Add(new Variable(scope + "/kernel", inputs, outputs));
                biases.Add(new Variable(scope + "/bias", 1, outputs));
                inputs = outputs;
            }
            Kernels = [.. kernels];
            Biases = [.. biases];
        }
        else
        {
            Kernels = [];
            Biases = [];
        }
    }

    public FeatureLayout Layout { get; }
    public int Units { get; }
    public int[] HiddenUnits { get; }
    public Activation Activation { get; }
    public Variable? LinearWeights { get; }
    public Variable? LinearBias { get; }
    public Variable[] Embeddings { get; }
    public Variable[] Kernels { get; }
    public Variable[] Biases { get; }

    /// <summary>Variables the linear optimizer updates.</summary>
    public IEnumerable<Variable> LinearVariables => LinearWeights is null ? [] : [LinearWeights, LinearBias!];

    /// <summary>Variables the DNN optimizer updates.</summary>
    public IEnumerable<Variable> DnnVariables => Embeddings.Concat(Kernels).Concat(Biases);

    public IEnumerable<Variable> All => LinearVariables.Concat(DnnVariables);

    /// <summary>TF initial values (Sluice.Learning initializers): Glorot-uniform kernels, truncated-normal embeddings (σ per column), zeros elsewhere.</summary>
    public void Initialize(long seed)
    {
        var random = new RandomGenerator(unchecked((ulong)seed));
        for (int e = 0; e < Embeddings.Length; e++)
        {
            var table = Embeddings[e];
            Initializer.TruncatedNormal(0f, Layout.Embeddings[e].InitializerStdDev).Fill(table.Values, new Shape(table.Rows, table.Cols), random);
        }
        foreach (var kernel in Kernels) Initializer.GlorotUniform.Fill(kernel.Values, new Shape(kernel.Rows, kernel.Cols), random);
    }

    public Variable Find(string name) => All.FirstOrDefault(v => v.Name == name)
        ?? throw new KeyNotFoundException($"The model has no variable '{name}'.");
}
