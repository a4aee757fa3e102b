using System.Text.Json.Nodes;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Optimizers;

namespace Sluice.Estimators.Serialization;

/// <summary>
/// <see cref="EstimatorSpec"/> as JSON: the <c>model</c> section of a training config and the <c>estimator.json</c>
/// of a model dir / <c>model.json</c> of an export share this shape. In a config, column lists may name columns defined
/// under <c>features</c>.
/// </summary>
internal static class EstimatorSpecJson
{
    public static JsonObject Write(EstimatorSpec spec)
    {
        var json = WriteFields(spec);
        // Written only when on, so the spec JSON of model dirs trained before the option existed stays the same.
        if (spec.Dnn is { BatchNorm: true }) json["batchNorm"] = true;
        return json;
    }

    private static JsonObject WriteFields(EstimatorSpec spec) => new()
    {
        ["kind"] = ModelKindName(spec.Model),
        ["head"] = WriteHead(spec.Head),
        ["linearColumns"] = new JsonArray([.. spec.LinearColumns.Select(c => (JsonNode)FeatureColumnJson.Write(c))]),
        ["dnnColumns"] = new JsonArray([.. spec.DnnColumns.Select(c => (JsonNode)FeatureColumnJson.Write(c))]),
        ["hiddenUnits"] = spec.Dnn is null ? null : new JsonArray([.. spec.Dnn.HiddenUnits.Select(h => (JsonNode)h)]),
        ["activation"] = spec.Dnn?.Activation.ToString().ToLowerInvariant(),
        ["dropout"] = spec.Dnn?.Dropout,
        ["linearOptimizer"] = spec.LinearOptimizer is null ? null : WriteOptimizer(spec.LinearOptimizer),
        ["dnnOptimizer"] = spec.DnnOptimizer is null ? null : WriteOptimizer(spec.DnnOptimizer),
        ["gradientClipNorm"] = spec.GradientClipNorm,
    };

    public static EstimatorSpec Read(JsonFields f, Func<string, FeatureColumn?> resolve)
    {
        f.OnlyKnown("kind", "head", "linearColumns", "dnnColumns", "hiddenUnits", "activation", "dropout", "batchNorm", "linearOptimizer", "dnnOptimizer", "gradientClipNorm", "clipNorm");
        if (f.Has("gradientClipNorm") && f.Has("clipNorm")) throw new SpecFormatException(f.At("clipNorm"), "repeats gradientClipNorm; give one of them.");
        var kind = f.OptionalString("kind") switch
        {
            "linear" => ModelKind.Linear,
            "dnn" => ModelKind.Dnn,
            "wide_deep" or "widedeep" => ModelKind.WideDeep,
            null => throw new SpecFormatException(f.At("kind"), "is required (linear, dnn or wide_deep)."),
            var other => throw new SpecFormatException(f.At("kind"), $"'{other}' is not linear, dnn or wide_deep."),
        };
        var head = ReadHead(f.Object("head"));
        var linear = ReadColumns(f, "linearColumns", resolve);
        var dnn = ReadColumns(f, "dnnColumns", resolve);
        DnnOptions? dnnOptions = null;
        if (f.OptionalNumbers("hiddenUnits") is { } hidden)
        {
            for (int i = 0; i < hidden.Count; i++)
                if (hidden[i] <= 0 || hidden[i] != Math.Floor(hidden[i])) throw new SpecFormatException($"{f.At("hiddenUnits")}[{i}]", $"must be a positive integer (got {hidden[i]}).");
            dnnOptions = new DnnOptions([.. hidden.Select(h => (int)h)], f.Enum("activation", Activation.Relu), f.OptionalFloat("dropout") ?? 0f, f.OptionalBool("batchNorm") ?? false);
        }
        else if (f.Has("activation") || f.Has("dropout") || f.Has("batchNorm")) throw new SpecFormatException(f.At("hiddenUnits"), "is required when activation, dropout or batchNorm is given.");
        var spec = new EstimatorSpec(kind, head, linear, dnn, dnnOptions,
            f.OptionalObject("linearOptimizer") is { } lo ? ReadOptimizer(lo) : null,
            f.OptionalObject("dnnOptimizer") is { } dopt ? ReadOptimizer(dopt) : null,
            f.OptionalFloat("gradientClipNorm") ?? f.OptionalFloat("clipNorm"));
        foreach (var (columns, field) in new[] { (linear, "linearColumns"), (dnn, "dnnColumns") })
        {
            try { _ = field == "linearColumns" ? new Features.FeatureLayout(columns, []) : new Features.FeatureLayout([], columns); }
            catch (FeatureColumnException e) { throw new SpecFormatException(f.At(field), e.Message, inner: e); }
        }
        try
        {
            FeatureColumn.EnsureUniqueNames(linear, "model.linearColumns");
            FeatureColumn.EnsureUniqueNames(dnn, "model.dnnColumns");
            spec.Validate();
        }
        catch (Exception e) when (e is ArgumentException or FeatureColumnException)
        {
            string message = e.Message;
            int colon = message.IndexOf(": ", StringComparison.Ordinal);
            string field = e is ArgumentException && colon > 0 && message.StartsWith("model.", StringComparison.Ordinal) ? f.At(message[6..colon]) : f.Path;
            throw new SpecFormatException(field, e is ArgumentException && colon > 0 ? message[(colon + 2)..] : message, inner: e);
        }
        return spec;
    }

    private static List<FeatureColumn> ReadColumns(JsonFields f, string field, Func<string, FeatureColumn?> resolve)
    {
        var array = f.OptionalArray(field);
        var list = new List<FeatureColumn>();
        if (array is null) return list;
        for (int i = 0; i < array.Count; i++) list.Add(FeatureColumnJson.Read(array[i], $"{f.At(field)}[{i}]", resolve));
        return list;
    }

    private static JsonObject WriteHead(HeadOptions head) => new()
    {
        ["kind"] = head.Kind switch { HeadKind.BinaryClassification => "binary", HeadKind.MultiClassClassification => "multiclass", _ => "regression" },
        ["label"] = head.LabelKey,
        ["numClasses"] = head.NumClasses,
        ["labelVocabulary"] = head.LabelVocabulary is null ? null : new JsonArray([.. head.LabelVocabulary.Select(v => (JsonNode)JsonValue.Create(v)!)]),
        ["weight"] = head.WeightKey,
    };

    private static HeadOptions ReadHead(JsonFields f)
    {
        f.OnlyKnown("kind", "label", "numClasses", "labelVocabulary", "weight");
        var kind = f.OptionalString("kind") switch
        {
            "binary" or "binary_classification" => HeadKind.BinaryClassification,
            "multiclass" or "multi_class" or "multi_class_classification" => HeadKind.MultiClassClassification,
            "regression" => HeadKind.Regression,
            null => throw new SpecFormatException(f.At("kind"), "is required (binary, multiclass or regression)."),
            var other => throw new SpecFormatException(f.At("kind"), $"'{other}' is not binary, multiclass or regression."),
        };
        var vocabulary = f.OptionalStrings("labelVocabulary");
        int classes = f.OptionalInt("numClasses") ?? (kind == HeadKind.MultiClassClassification ? vocabulary?.Count ?? 0 : 2);
        var head = new HeadOptions(kind, f.String("label"), classes, vocabulary, f.OptionalString("weight"));
        try { head.Validate(); }
        catch (ArgumentException e)
        {
            int colon = e.Message.IndexOf(": ", StringComparison.Ordinal);
            throw new SpecFormatException(f.At(e.Message[5..colon]), e.Message[(colon + 2)..], inner: e);
        }
        return head;
    }

    private static JsonObject WriteOptimizer(OptimizerOptions o) => new()
    {
        ["kind"] = o.Kind.ToString().ToLowerInvariant(),
        ["learningRate"] = LearningRateJson.Write(o.LearningRate, o.LearningRateSchedule),
        ["l1"] = o.L1, ["l2"] = o.L2, ["initialAccumulator"] = o.InitialAccumulator, ["learningRatePower"] = o.LearningRatePower,
        ["beta1"] = o.Beta1, ["beta2"] = o.Beta2, ["epsilon"] = o.Epsilon, ["decay"] = o.Decay, ["momentum"] = o.Momentum,
    };

    private static OptimizerOptions ReadOptimizer(JsonFields f)
    {
        f.OnlyKnown("kind", "learningRate", "l1", "l2", "l1RegularizationStrength", "l2RegularizationStrength", "initialAccumulator", "learningRatePower", "beta1", "beta2", "epsilon", "decay", "momentum");
        if (f.Has("l1") && f.Has("l1RegularizationStrength")) throw new SpecFormatException(f.At("l1RegularizationStrength"), "repeats l1; give one of them.");
        if (f.Has("l2") && f.Has("l2RegularizationStrength")) throw new SpecFormatException(f.At("l2RegularizationStrength"), "repeats l2; give one of them.");
        var (rate, schedule) = LearningRateJson.Read(f);
        string l1Field = f.Has("l1RegularizationStrength") ? "l1RegularizationStrength" : "l1";
        string l2Field = f.Has("l2RegularizationStrength") ? "l2RegularizationStrength" : "l2";
        if (!f.Has("kind")) throw new SpecFormatException(f.At("kind"), "is required (ftrl, adagrad, adam, sgd or rmsprop).");
        var d = new OptimizerOptions(f.Enum("kind", OptimizerKind.Sgd));
        var o = d with
        {
            LearningRate = rate,
            LearningRateSchedule = schedule,
            L1 = f.OptionalFloat(l1Field) ?? d.L1, L2 = f.OptionalFloat(l2Field) ?? d.L2,
            InitialAccumulator = f.OptionalFloat("initialAccumulator") ?? d.InitialAccumulator,
            LearningRatePower = f.OptionalFloat("learningRatePower") ?? d.LearningRatePower,
            Beta1 = f.OptionalFloat("beta1") ?? d.Beta1, Beta2 = f.OptionalFloat("beta2") ?? d.Beta2,
            Epsilon = f.OptionalFloat("epsilon") ?? d.Epsilon, Decay = f.OptionalFloat("decay") ?? d.Decay,
            Momentum = f.OptionalFloat("momentum") ?? d.Momentum,
        };
        if (!(o.L1 >= 0) || !(o.L2 >= 0)) throw new SpecFormatException(f.At(!(o.L1 >= 0) ? l1Field : l2Field), "must be zero or more.");
        return o;
    }

    private static string ModelKindName(ModelKind kind) => kind switch { ModelKind.Linear => "linear", ModelKind.Dnn => "dnn", _ => "wide_deep" };
}
