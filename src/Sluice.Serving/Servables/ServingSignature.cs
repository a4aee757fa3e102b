using Sluice.Data.Columns;

namespace Sluice.Serving.Servables;

/// <summary>The kind of prediction a servable makes, which decides the output keys of a prediction.</summary>
public enum ServingHead
{
    BinaryClassification,
    MultiClassClassification,
    Regression,
}

/// <summary>One raw input of a servable: what a JSON instance must (or may) carry.</summary>
/// <param name="Name">The feature name as it appears in a JSON instance.</param>
/// <param name="Kind">The column type the value is converted to.</param>
/// <param name="Required">When false, a missing value is filled with <paramref name="DefaultValue"/> (or flagged missing).</param>
/// <param name="DefaultValue">The value used when the input is absent, as text (null: flagged missing).</param>
public sealed record ServingInput(string Name, ColumnKind Kind, bool Required, string? DefaultValue);

/// <summary>
/// What a servable accepts and returns: the server validates every instance against it and describes it in
/// <c>/metadata</c>. It mirrors the estimators' export signature so the two can be adapted one to one.
/// </summary>
public sealed record ServingSignature(
    IReadOnlyList<ServingInput> Inputs,
    IReadOnlyList<string> Outputs,
    ServingHead Head,
    IReadOnlyList<string>? ClassLabels)
{
    /// <summary>Number of logits per instance (1 for binary classification and single-output regression).</summary>
    public int LogitCount => Head switch
    {
        ServingHead.MultiClassClassification => ClassLabels?.Count ?? 2,
        _ => 1,
    };

    private Dictionary<string, int>? _indexByName;
    private string[]? _allClasses;

    /// <summary>Whether predictions carry <c>all_class_ids</c> and <c>all_classes</c> (newer TF heads; estimator exports list them).</summary>
    internal bool EmitsAllClasses => Head != ServingHead.Regression && Outputs.Contains("all_classes");

    /// <summary>Every class label by class id (<see cref="ClassLabels"/>, else the ids as text); empty for regression.</summary>
    internal IReadOnlyList<string> AllClasses
    {
        get
        {
            if (_allClasses is { } built) return built;
            int count = Head switch { ServingHead.BinaryClassification => 2, ServingHead.Regression => 0, _ => LogitCount };
            var labels = new string[count];
            for (int i = 0; i < count; i++)
                labels[i] = ClassLabels is { } names && i < names.Count ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return _allClasses = labels;
        }
    }

    /// <summary>Input name → index, built once (request parsing looks names up as spans, without allocating).</summary>
    internal Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> NameLookup
    {
        get
        {
            var index = _indexByName;
            if (index is null)
            {
                index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < Inputs.Count; i++) index[Inputs[i].Name] = i;
                _indexByName = index;
            }
            return index.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    /// <summary>The index of input <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Inputs.Count; i++)
        {
            if (string.Equals(Inputs[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    /// <summary>The default output keys of a head, as the TF canned heads emit them.</summary>
    public static IReadOnlyList<string> DefaultOutputs(ServingHead head) => head switch
    {
        ServingHead.BinaryClassification => ["logits", "logistic", "probabilities", "class_ids", "classes"],
        ServingHead.MultiClassClassification => ["logits", "probabilities", "class_ids", "classes"],
        _ => ["predictions"],
    };
}
