using Sluice.Data.Columns;

namespace Sluice.Estimators.Export;

/// <summary>A raw feature the exported model reads: name, storage kind, whether a value must be given, and its default if any.</summary>
public sealed record SignatureInput(string Name, ColumnKind Kind, bool Required, string? DefaultValue);
