using System.Numerics;
using Sluice.Learning.Schedules;

namespace Sluice.Learning.Optimizers;

/// <summary>
/// TF1 <c>AdamOptimizer</c>: α = lr·√(1−β2^t)/(1−β1^t); m ← m + (g−m)(1−β1); v ← v + (g²−v)(1−β2);
/// w ← w − α·m/(√v + ε). Moments start at 0; β1^t and β2^t are optimizer-wide and advance once per step.
/// </summary>
/// <remarks>
/// Sparse updates are <b>lazy</b> (TF's <c>LazyAdamOptimizer</c>): only touched rows have their moments decayed and
/// their weights moved. TF1's plain <c>AdamOptimizer</c> decays every row's moments on every sparse step, which costs
/// O(all rows); the lazy rule costs O(touched rows) and is what large embeddings need. Dense updates are exact TF1 Adam.
/// </remarks>
public sealed class Adam : Optimizer
{
    private float _beta1Power;
    private float _beta2Power;
    private float _alpha;

    public Adam(LearningRateSchedule? learningRate = null, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, string name = "Adam")
        : base(name, learningRate ?? 0.001f)
    {
        if (!(beta1 >= 0f && beta1 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1).");
        if (!(beta2 >= 0f && beta2 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1).");
        if (!(epsilon > 0f)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be > 0.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _beta1Power = beta1;
        _beta2Power = beta2;
    }

    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }

    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; } = [new("m", 0f), new("v", 0f)];

    protected override void OnBeginStep(float learningRate) =>
        _alpha = learningRate * MathF.Sqrt(1f - _beta2Power) / (1f - _beta1Power);

    protected override void OnEndStep()
    {
        // TF1 keeps β^t as float variables multiplied once per step; doing the same keeps the rounding identical.
        _beta1Power *= Beta1;
        _beta2Power *= Beta2;
    }

    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, SlotSpans slots)
    {
        float alpha = _alpha, oneMinusBeta1 = 1f - Beta1, oneMinusBeta2 = 1f - Beta2, epsilon = Epsilon;
        Span<float> m = slots.First, v = slots.Second;
        Span<Vector<float>> wV = Lanes.Of(weights), mV = Lanes.Of(m), vV = Lanes.Of(v);
        ReadOnlySpan<Vector<float>> gV = Lanes.Of(gradient);
        Vector<float> alphaV = new(alpha), b1 = new(oneMinusBeta1), b2 = new(oneMinusBeta2), epsV = new(epsilon);
        for (int i = 0; i < wV.Length; i++)
        {
            Vector<float> g = gV[i];
            Vector<float> mi = mV[i] + (g - mV[i]) * b1;
            Vector<float> vi = vV[i] + (g * g - vV[i]) * b2;
            mV[i] = mi;
            vV[i] = vi;
            wV[i] -= mi * alphaV / (Vector.SquareRoot(vi) + epsV);
        }
        for (int i = wV.Length * Lanes.Width; i < weights.Length; i++)
        {
            float g = gradient[i];
            float mi = m[i] + (g - m[i]) * oneMinusBeta1;
            float vi = v[i] + (g * g - v[i]) * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            weights[i] -= mi * alpha / (MathF.Sqrt(vi) + epsilon);
        }
    }

    /// <summary>[β1^t, β2^t] for the next step.</summary>
    public override float[] SaveState() => [_beta1Power, _beta2Power];

    protected override void RestoreExtraState(ReadOnlySpan<float> state)
    {
        if (state.Length != 2) throw new ArgumentException($"Adam '{Name}' state needs 2 values (β1^t, β2^t), got {state.Length}.", nameof(state));
        _beta1Power = state[0];
        _beta2Power = state[1];
    }
}
