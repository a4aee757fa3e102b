namespace Sluice.Estimators.Export;

/// <summary>Facts about an export: when it was made, by which Sluice version, at which global step, with which evaluation metrics.</summary>
public sealed record ExportMetadata(DateTimeOffset Created, string SluiceVersion, long GlobalStep, IReadOnlyDictionary<string, double> Metrics);
