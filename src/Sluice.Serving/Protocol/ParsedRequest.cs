using Sluice.Data.Columns;

namespace Sluice.Serving.Protocol;

/// <summary>A validated predict/classify/regress body: its rows as a batch and the shape the answer must take.</summary>
internal sealed record ParsedRequest(ColumnBatch Batch, bool Columnar, string? SignatureName);
