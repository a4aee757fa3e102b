using Sluice.Estimators.Features;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Optimizers;
using Sluice.Learning.Clipping;

namespace Sluice.Estimators.Training;

/// <summary>
/// One training step on a batch of example indices: forward, SUM-reduced loss, hand-written backward (sparse rows for
/// the linear table and embeddings, dense for the layers), optional global-norm clipping, then the linear and DNN
/// optimizers each update their own variables. Buffers are sized once for the batch capacity: no allocation per step.
/// </summary>
internal sealed class ModelTrainer
{
    private readonly NetworkParameters _p;
    private readonly Head _head;
    private readonly float _dropout;
    private readonly float? _clipNorm;
    private readonly long _seed;
    private readonly NetworkWorkspace _ws;
    private readonly float[] _dLogits;
    private readonly SparseRowGradient? _linearGradient;
    private readonly float[] _linearBiasGradient;
    private readonly SparseRowGradient[] _embeddingGradients;
    private readonly float[][] _kernelGradients;
    private readonly float[][] _biasGradients;
    private readonly float[][] _deltas;
    private readonly float[] _inputGradient;
    private readonly float[][] _transposedKernels;
    private readonly float[] _zeros;
    private readonly float[][] _gammaGradients;
    private readonly float[][] _betaGradients;
    private readonly float _dnnL1;
    private readonly float _dnnL2;

    public ModelTrainer(NetworkParameters parameters, Head head, EstimatorSpec spec, int batchCapacity, long seed)
    {
        _p = parameters;
        _head = head;
        _dropout = spec.Dnn?.Dropout ?? 0f;
        _clipNorm = spec.GradientClipNorm;
        _seed = seed;
        _ws = new NetworkWorkspace(parameters, batchCapacity);
        _dLogits = new float[batchCapacity * parameters.Units];
        if (parameters.LinearWeights is { } w) _linearGradient = new SparseRowGradient(w.Rows, w.Cols);
        _linearBiasGradient = new float[parameters.Units];
        _embeddingGradients = [.. parameters.Embeddings.Select(e => new SparseRowGradient(e.Rows, e.Cols))];
        _kernelGradients = [.. parameters.Kernels.Select(k => new float[k.Values.Length])];
        _biasGradients = [.. parameters.Biases.Select(b => new float[b.Values.Length])];
        _deltas = [.. parameters.Kernels.Select(k => new float[batchCapacity * k.Cols])];
        _inputGradient = new float[batchCapacity * Math.Max(1, parameters.Layout.DnnInputWidth)];
        _transposedKernels = [.. parameters.Kernels.Select(k => new float[k.Values.Length])];
        _gammaGradients = [.. parameters.Gammas.Select(g => new float[g.Values.Length])];
        _betaGradients = [.. parameters.Betas.Select(b => new float[b.Values.Length])];
        _zeros = new float[parameters.Kernels.Length == 0 ? 1 : parameters.Kernels.Max(k => k.Rows)];

        var (linearOptions, linearRate) = spec.ResolveLinearOptimizer();
        var (dnnOptions, dnnRate) = spec.ResolveDnnOptimizer();
        LinearOptimizer = new OptimizerState("linear", OptimizerFactory.Create(linearOptions, linearRate), parameters.LinearVariables);
        DnnOptimizer = new OptimizerState("dnn", OptimizerFactory.Create(dnnOptions, dnnRate), parameters.DnnVariables);
        // FTRL applies l1/l2 inside its own update; any other DNN optimizer gets them as a proximal step on the kernels.
        bool proximal = dnnOptions.Kind != OptimizerKind.Ftrl;
        _dnnL1 = proximal ? dnnOptions.L1 : 0f;
        _dnnL2 = proximal ? dnnOptions.L2 : 0f;
    }

    public OptimizerState LinearOptimizer { get; }
    public OptimizerState DnnOptimizer { get; }

    /// <summary>Trains on <paramref name="rows"/> of <paramref name="data"/> as step <paramref name="globalStep"/>; returns (Σ w·loss, Σ w).</summary>
    public (double Loss, double WeightSum) Step(FeaturizedData data, ReadOnlySpan<int> rows, long globalStep)
    {
        int n = rows.Length, units = _p.Units;
        var rng = SplitMix64.ForStep(_seed, globalStep, 5);
        NetworkForward.Run(_p, data.Features, rows, _ws, _dropout, ref rng, training: true);

        double loss = 0, weightSum = 0;
        for (int i = 0; i < n; i++)
        {
            float w = data.Weights[rows[i]];
            var g = _dLogits.AsSpan(i * units, units);
            loss += w * _head.LossAndGradient(_ws.Logits.AsSpan(i * units, units), data.Labels[rows[i]], g);
            weightSum += w;
            for (int k = 0; k < units; k++) g[k] *= w;
        }

        if (_linearGradient is not null) BackwardLinear(data.Features, rows);
        if (_p.Kernels.Length > 0) BackwardDnn(data.Features, rows);
        if (_clipNorm is { } clip) ClipByGlobalNorm(clip);

        var linearOptimizer = LinearOptimizer.Optimizer;
        var dnnOptimizer = DnnOptimizer.Optimizer;
        linearOptimizer.BeginStep(globalStep);
        dnnOptimizer.BeginStep(globalStep);
        if (_linearGradient is not null)
        {
            LinearOptimizer.ApplyRows(_p.LinearWeights!, _linearGradient);
            LinearOptimizer.ApplyDense(_p.LinearBias!, _linearBiasGradient);
            _linearGradient.Clear();
        }
        for (int e = 0; e < _embeddingGradients.Length; e++)
        {
            if (_p.Layout.Embeddings[e].Trainable) DnnOptimizer.ApplyRows(_p.Embeddings[e], _embeddingGradients[e]);
            _embeddingGradients[e].Clear();
        }
        for (int l = 0; l < _p.Kernels.Length; l++)
        {
            DnnOptimizer.ApplyDense(_p.Kernels[l], _kernelGradients[l]);
            DnnOptimizer.ApplyDense(_p.Biases[l], _biasGradients[l]);
            if (l < _gammaGradients.Length)
            {
                DnnOptimizer.ApplyDense(_p.Gammas[l], _gammaGradients[l]);
                DnnOptimizer.ApplyDense(_p.Betas[l], _betaGradients[l]);
            }
            if (_dnnL1 > 0f || _dnnL2 > 0f)
                ProximalRegularization.Apply(_p.Kernels[l].Values, dnnOptimizer.CurrentLearningRate, _dnnL1, _dnnL2);
        }
        linearOptimizer.EndStep();
        dnnOptimizer.EndStep();
        return (loss, weightSum);
    }

    private void BackwardLinear(FeatureBatch features, ReadOnlySpan<int> rows)
    {
        int units = _p.Units;
        Array.Clear(_linearBiasGradient);
        var gradient = _linearGradient!;
        for (int i = 0; i < rows.Length; i++)
        {
            var g = _dLogits.AsSpan(i * units, units);
            Model.DenseMath.Axpy(1f, g, _linearBiasGradient);
            var ids = features.Linear.Ids(rows[i]);
            var values = features.Linear.Weights(rows[i]);
            if (units == 1)
                for (int j = 0; j < ids.Length; j++) gradient.Add(ids[j], values[j] * g[0]);
            else
                for (int j = 0; j < ids.Length; j++) gradient.Add(ids[j], values[j], g);
        }
    }

    private void BackwardDnn(FeatureBatch features, ReadOnlySpan<int> rows)
    {
        int n = rows.Length, layers = _p.Kernels.Length;
        // The logits layer's delta is dL/dlogits itself.
        _dLogits.AsSpan(0, n * _p.Units).CopyTo(_deltas[layers - 1]);
        for (int l = layers - 1; l >= 0; l--)
        {
            var kernel = _p.Kernels[l];
            int inputs = kernel.Rows, outputs = kernel.Cols;
            ReadOnlySpan<float> x = l == 0 ? _ws.Input.AsSpan(0, n * inputs) : _ws.Outputs[l - 1].AsSpan(0, n * inputs);
            var delta = _deltas[l].AsSpan(0, n * outputs);
            Model.DenseMath.DenseBackwardWeights(x, delta, n, inputs, outputs, _kernelGradients[l], _biasGradients[l]);
            if (l > 0)
            {
                var previous = _deltas[l - 1].AsSpan(0, n * inputs);
                // dx = delta·Wᵀ is a dense forward pass through Wᵀ: transposing once per step lets the register-blocked
                // kernel (which skips the zeros ReLU leaves in delta) replace one short dot product per (row, input).
                var transposed = _transposedKernels[l];
                Model.DenseMath.Transpose(kernel.Values, inputs, outputs, transposed);
                Model.DenseMath.DenseForward(delta, n, outputs, transposed, _zeros.AsSpan(0, inputs), inputs, previous);
                if (_p.BatchNorm)
                    BatchNormMath.Backward(previous, n, _ws.Normalized[l - 1].AsSpan(0, n * inputs), _p.Gammas[l - 1].Values,
                        _ws.InverseStdDevs[l - 1], _gammaGradients[l - 1], _betaGradients[l - 1]);
                if (_dropout > 0f)
                {
                    var mask = _ws.DropoutMasks[l - 1];
                    for (int i = 0; i < previous.Length; i++) previous[i] *= mask[i];
                }
                // The activation's derivative is read from its own output: before batch norm when there is one.
                var activationOutput = _p.BatchNorm ? _ws.BatchNormInputs[l - 1] : _ws.Outputs[l - 1];
                ActivationMath.Backward(_p.Activation, activationOutput.AsSpan(0, n * inputs), previous);
            }
            else if (_embeddingGradients.Length > 0)
            {
                BackwardEmbeddings(features, rows, delta, kernel);
            }
        }
    }

    /// <summary>dL/d(embedding row) = Σ over examples using it of coefficient · dL/d(input slice).</summary>
    private void BackwardEmbeddings(FeatureBatch features, ReadOnlySpan<int> rows, ReadOnlySpan<float> delta, Variable firstKernel)
    {
        var layout = _p.Layout;
        int width = layout.DnnInputWidth, outputs = firstKernel.Cols;
        var dx = _inputGradient.AsSpan();
        foreach (var segment in layout.Segments)
        {
            if (segment.EmbeddingIndex < 0) continue;
            var column = layout.Embeddings[segment.EmbeddingIndex];
            var table = _p.Embeddings[segment.EmbeddingIndex];
            var sparse = features.EmbeddingIds[segment.EmbeddingIndex];
            var gradient = _embeddingGradients[segment.EmbeddingIndex];
            for (int i = 0; i < rows.Length; i++)
            {
                var ids = sparse.Ids(rows[i]);
                if (ids.Length == 0) continue;
                // Only the embedding slice of dL/dinput is needed: dx[k] = delta_i · kernel row k.
                var slice = dx.Slice(0, segment.Width);
                var deltaRow = delta.Slice(i * outputs, outputs);
                for (int k = 0; k < segment.Width; k++)
                    slice[k] = Model.DenseMath.Dot(deltaRow, firstKernel.Row(segment.InputOffset + k));
                var weights = sparse.Weights(rows[i]);
                float scale = NetworkForward.EmbeddingScale(column.Combiner, weights);
                for (int j = 0; j < ids.Length; j++)
                {
                    // max_norm's rescaling is treated as a constant factor in the gradient.
                    float coefficient = weights[j] * scale * NetworkForward.ClipFactor(table.Row(ids[j]), column.MaxNorm);
                    gradient.Add(ids[j], coefficient, slice);
                }
            }
        }
        _ = width;
    }

    /// <summary>TF1 clip_by_global_norm over every gradient of the step (sparse tables contribute their touched rows).</summary>
    private void ClipByGlobalNorm(float clip)
    {
        double sum = GlobalNormClipping.SumOfSquares(_linearBiasGradient);
        if (_linearGradient is not null) sum += GlobalNormClipping.SumOfSquares(_linearGradient.PackedValues);
        foreach (var e in _embeddingGradients) sum += GlobalNormClipping.SumOfSquares(e.PackedValues);
        foreach (var k in _kernelGradients) sum += GlobalNormClipping.SumOfSquares(k);
        foreach (var b in _biasGradients) sum += GlobalNormClipping.SumOfSquares(b);
        foreach (var g in _gammaGradients) sum += GlobalNormClipping.SumOfSquares(g);
        foreach (var b in _betaGradients) sum += GlobalNormClipping.SumOfSquares(b);
        LastGlobalNorm = (float)Math.Sqrt(sum);
        float factor = GlobalNormClipping.ScaleFor(sum, clip);
        if (factor == 1f) return;
        if (_linearGradient is not null) GlobalNormClipping.Scale(_linearGradient.PackedValues, factor);
        GlobalNormClipping.Scale(_linearBiasGradient, factor);
        foreach (var e in _embeddingGradients) GlobalNormClipping.Scale(e.PackedValues, factor);
        foreach (var k in _kernelGradients) GlobalNormClipping.Scale(k, factor);
        foreach (var b in _biasGradients) GlobalNormClipping.Scale(b, factor);
        foreach (var g in _gammaGradients) GlobalNormClipping.Scale(g, factor);
        foreach (var b in _betaGradients) GlobalNormClipping.Scale(b, factor);
    }

    /// <summary>The global gradient norm of the last step, before clipping (NaN when clipping is off).</summary>
    public float LastGlobalNorm { get; private set; } = float.NaN;
}
