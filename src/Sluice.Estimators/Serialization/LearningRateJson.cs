using System.Text.Json.Nodes;
using Sluice.Learning.Schedules;

namespace Sluice.Estimators.Serialization;

/// <summary>
/// An optimizer's <c>learningRate</c> field: a number, or a TF1 schedule on the global step,
/// <c>{exponentialDecay: {initialLearningRate, decaySteps, decayRate, staircase}}</c> or
/// <c>{piecewiseConstant: {boundaries: [...], values: [...]}}</c>. Errors name the JSON/YAML path.
/// </summary>
internal static class LearningRateJson
{
    public static JsonNode? Write(float? rate, LearningRateSchedule? schedule) => schedule switch
    {
        null => rate,
        ExponentialDecay e => new JsonObject
        {
            ["exponentialDecay"] = new JsonObject
            {
                ["initialLearningRate"] = e.InitialLearningRate, ["decaySteps"] = e.DecaySteps, ["decayRate"] = e.DecayRate, ["staircase"] = e.Staircase,
            },
        },
        PiecewiseConstant p => new JsonObject
        {
            ["piecewiseConstant"] = new JsonObject
            {
                ["boundaries"] = new JsonArray([.. p.Boundaries.Select(b => (JsonNode)b)]),
                ["values"] = new JsonArray([.. p.Values.Select(v => (JsonNode)v)]),
            },
        },
        ConstantLearningRate c => c.LearningRate,
        _ => throw new ArgumentException($"Learning-rate schedule {schedule} cannot be written to a spec."),
    };

    /// <summary>Reads <c>learningRate</c> of an optimizer object: (fixed rate, null) or (null, schedule).</summary>
    public static (float? Rate, LearningRateSchedule? Schedule) Read(JsonFields optimizer)
    {
        const string field = "learningRate";
        if (optimizer.Raw(field) is not JsonObject)
        {
            float? rate = optimizer.OptionalFloat(field);
            if (rate is { } lr && !(lr > 0)) throw new SpecFormatException(optimizer.At(field), $"must be positive (got {lr}).");
            return (rate, null);
        }
        var f = optimizer.Object(field);
        f.OnlyKnown("exponentialDecay", "piecewiseConstant");
        if (f.Has("exponentialDecay") == f.Has("piecewiseConstant"))
            throw new SpecFormatException(f.Path, "must be a number or hold exactly one of exponentialDecay, piecewiseConstant.");
        try
        {
            if (f.OptionalObject("exponentialDecay") is { } e)
            {
                e.OnlyKnown("initialLearningRate", "decaySteps", "decayRate", "staircase");
                float initial = e.OptionalFloat("initialLearningRate") ?? throw new SpecFormatException(e.At("initialLearningRate"), "is required.");
                if (!(initial > 0)) throw new SpecFormatException(e.At("initialLearningRate"), $"must be positive (got {initial}).");
                double steps = e.OptionalDouble("decaySteps") ?? throw new SpecFormatException(e.At("decaySteps"), "is required.");
                if (!(steps >= 1) || steps != Math.Floor(steps)) throw new SpecFormatException(e.At("decaySteps"), $"must be a positive whole number of steps (got {steps}).");
                float rate = e.OptionalFloat("decayRate") ?? throw new SpecFormatException(e.At("decayRate"), "is required.");
                if (!(rate > 0)) throw new SpecFormatException(e.At("decayRate"), $"must be positive (got {rate}).");
                return (null, new ExponentialDecay(initial, (long)steps, rate, e.OptionalBool("staircase") ?? false));
            }
            var p = f.Object("piecewiseConstant");
            p.OnlyKnown("boundaries", "values");
            var boundaries = p.OptionalNumbers("boundaries") ?? throw new SpecFormatException(p.At("boundaries"), "is required.");
            var values = p.OptionalNumbers("values") ?? throw new SpecFormatException(p.At("values"), "is required.");
            for (int i = 0; i < boundaries.Count; i++)
            {
                if (boundaries[i] < 0 || boundaries[i] != Math.Floor(boundaries[i])) throw new SpecFormatException($"{p.At("boundaries")}[{i}]", $"must be a step number (got {boundaries[i]}).");
                if (i > 0 && boundaries[i] <= boundaries[i - 1]) throw new SpecFormatException($"{p.At("boundaries")}[{i}]", $"must be greater than the boundary before it ({boundaries[i - 1]}).");
            }
            if (values.Count != boundaries.Count + 1)
                throw new SpecFormatException(p.At("values"), $"needs one more entry than boundaries ({boundaries.Count} boundaries, {values.Count} values).");
            for (int i = 0; i < values.Count; i++)
                if (!(values[i] > 0)) throw new SpecFormatException($"{p.At("values")}[{i}]", $"must be a positive learning rate (got {values[i]}).");
            return (null, new PiecewiseConstant([.. boundaries.Select(b => (long)b)], [.. values.Select(v => (float)v)]));
        }
        catch (ArgumentException e)
        {
            throw new SpecFormatException(f.Path, e.Message, inner: e);
        }
    }
}
