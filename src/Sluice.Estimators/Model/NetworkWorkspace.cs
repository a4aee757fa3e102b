namespace Sluice.Estimators.Model;

/// <summary>Forward-pass buffers for up to <see cref="Capacity"/> examples; allocated once, reused every call.</summary>
internal sealed class NetworkWorkspace
{
    public NetworkWorkspace(NetworkParameters parameters, int capacity)
    {
        Capacity = capacity;
        Input = new float[capacity * Math.Max(1, parameters.Layout.DnnInputWidth)];
        Outputs = [.. parameters.Kernels.Select(k => new float[capacity * k.Cols])];
        DropoutMasks = [.. parameters.HiddenUnits.Select(h => new float[capacity * h])];
        Logits = new float[capacity * parameters.Units];
        int normalized = parameters.Gammas.Length;
        BatchNormInputs = [.. parameters.HiddenUnits.Take(normalized).Select(h => new float[capacity * h])];
        Normalized = [.. parameters.HiddenUnits.Take(normalized).Select(h => new float[capacity * h])];
        BatchMeans = [.. parameters.HiddenUnits.Take(normalized).Select(h => new float[h])];
        InverseStdDevs = [.. parameters.HiddenUnits.Take(normalized).Select(h => new float[h])];
    }

    public int Capacity { get; }

    /// <summary>(batch, dnnInputWidth)</summary>
    public float[] Input { get; }

    /// <summary>Per layer (hidden layers then the DNN logits layer): (batch, width) after activation and dropout.</summary>
    public float[][] Outputs { get; }

    /// <summary>Per hidden layer: 0 or 1/(1-rate) per unit, used in training only.</summary>
    public float[][] DropoutMasks { get; }

    /// <summary>Per batch-normalised hidden layer: (batch, width) the normalisation's input (after activation and dropout).</summary>
    public float[][] BatchNormInputs { get; }

    /// <summary>Per batch-normalised hidden layer: (batch, width) x̂ = (x − μ)/√(σ² + ε) of the last training forward pass.</summary>
    public float[][] Normalized { get; }

    /// <summary>Per batch-normalised hidden layer: (width) scratch for the batch mean μ.</summary>
    public float[][] BatchMeans { get; }

    /// <summary>Per batch-normalised hidden layer: (width) 1/√(σ² + ε) of the last training forward pass.</summary>
    public float[][] InverseStdDevs { get; }

    /// <summary>(batch, units): linear + DNN logits.</summary>
    public float[] Logits { get; }
}
