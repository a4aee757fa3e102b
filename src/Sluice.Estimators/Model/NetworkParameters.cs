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
    /// <summary>TF's batch-normalisation momentum for the moving statistics (canned DNN estimators).</summary>
    public const float BatchNormMomentum = 0.999f;

    /// <summary>The ε added to the variance before the square root (Keras/TF default).</summary>
    public const float BatchNormEpsilon = 0.001f;

    public NetworkParameters(FeatureLayout layout, int units, IReadOnlyList<int> hiddenUnits, Activation activation, bool batchNorm = false)
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
        BatchNorm = batchNorm && layout.HasDnn;
        int normalized = BatchNorm ? HiddenUnits.Length : 0;
        Gammas = new Variable[normalized];
        Betas = new Variable[normalized];
        MovingMeans = new Variable[normalized];
        MovingVariances = new Variable[normalized];
        for (int l = 0; l < normalized; l++)
        {
            string scope = $"dnn/hiddenlayer_{l}/batchnorm_{l}";
            Gammas[l] = new Variable(scope + "/gamma", 1, HiddenUnits[l]);
            Betas[l] = new Variable(scope + "/beta", 1, HiddenUnits[l]);
            MovingMeans[l] = new Variable(scope + "/moving_mean", 1, HiddenUnits[l]);
            MovingVariances[l] = new Variable(scope + "/moving_variance", 1, HiddenUnits[l]);
            Array.Fill(Gammas[l].Values, 1f);
            Array.Fill(MovingVariances[l].Values, 1f);
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

    /// <summary>Whether each hidden layer is batch-normalised (the arrays below have one entry per hidden layer, else none).</summary>
    public bool BatchNorm { get; }

    /// <summary>Per hidden layer: batch norm's scale γ (starts at 1) and offset β (starts at 0), trained by the DNN optimizer.</summary>
    public Variable[] Gammas { get; }
    public Variable[] Betas { get; }

    /// <summary>Per hidden layer: the moving mean and variance used outside training (start at 0 and 1); not trained.</summary>
    public Variable[] MovingMeans { get; }
    public Variable[] MovingVariances { get; }

    /// <summary>Variables the linear optimizer updates.</summary>
    public IEnumerable<Variable> LinearVariables => LinearWeights is null ? [] : [LinearWeights, LinearBias!];

    /// <summary>Variables the DNN optimizer updates.</summary>
    public IEnumerable<Variable> DnnVariables => Embeddings.Concat(Kernels).Concat(Biases).Concat(Gammas).Concat(Betas);

    /// <summary>Every variable a checkpoint or export keeps: the trained ones and batch norm's moving statistics.</summary>
    public IEnumerable<Variable> All => LinearVariables.Concat(DnnVariables).Concat(MovingMeans).Concat(MovingVariances);

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
