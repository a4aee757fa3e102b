using Sluice.Data.Columns;
using Sluice.Data.Reading;

namespace Sluice.Data.Pipeline;

/// <summary>Rows streamed from a file through an <see cref="IBatchReader"/> into one reused chunk.</summary>
internal sealed class FileRowSource(IBatchReader reader, int chunkRows) : IRowSource
{
    private readonly ColumnBatch _chunk = reader.Schema.CreateBatch(chunkRows);

    public ColumnBatch? Next() => reader.ReadBatch(_chunk) > 0 ? _chunk : null;

    public void Dispose() => reader.Dispose();
}
