namespace Sluice.Estimators.Optimizers;

/// <summary>The optimizers a model part can use (TF1 names and defaults).</summary>
public enum OptimizerKind
{
    Ftrl,
    Adagrad,
    Adam,
    Sgd,
    RmsProp,
}
