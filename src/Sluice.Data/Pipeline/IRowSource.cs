using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>A stream of rows delivered in chunks (one epoch of a <see cref="RowPipeline"/>).</summary>
internal interface IRowSource : IDisposable
{
    /// <summary>The next non-empty chunk of rows, or null at the end. A chunk is valid until the next call.</summary>
    ColumnBatch? Next();
}
