namespace Sluice.Estimators.Model;

/// <summary>The canned model bodies: one trainer runs all of them.</summary>
public enum ModelKind
{
    /// <summary>LinearClassifier / LinearRegressor: a weighted sum of the linear columns.</summary>
    Linear,

    /// <summary>DNNClassifier / DNNRegressor: fully connected layers over the dense columns.</summary>
    Dnn,

    /// <summary>DNNLinearCombined*: logits = linear + DNN, each part with its own optimizer, one global step.</summary>
    WideDeep,
}
