namespace Sluice.Estimators.Training;

/// <summary>An exporter: writes to <c>&lt;model dir&gt;/export/&lt;Name&gt;/&lt;unix-seconds&gt;/</c>.</summary>
public sealed record ExporterOptions(ExporterKind Kind, string Name, int ExportsToKeep = 5, string Metric = "loss", bool HigherIsBetter = false);
