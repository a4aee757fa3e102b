namespace Sluice.Jobs.Spec;

// Spec enums. Their wire names are ML Engine's UPPER_SNAKE spellings (see SpecNames).

/// <summary>Cluster shape of a training job (ML Engine <c>scaleTier</c>).</summary>
public enum ScaleTier { Basic, Standard1, Premium1, BasicGpu, Custom }

/// <summary>Whether tuning wants the metric high or low.</summary>
public enum TuningGoal { Maximize, Minimize }

public enum ParameterType { Double, Integer, Categorical, Discrete }

/// <summary>How a numeric range is searched: linearly, in log space, or in reverse-log space (dense near the top).</summary>
public enum ScaleType { None, UnitLinearScale, UnitLogScale, UnitReverseLogScale }

public enum SearchAlgorithm { Bayesian, GridSearch, RandomSearch }

/// <summary>Batch prediction input format: JSON Lines instances or CSV with a header row.</summary>
public enum DataFormat { Json, Csv }
