using Sluice.Data.Columns;
using Sluice.Data.Schema;

namespace Sluice.Data.Reading;

/// <summary>Streams a file's rows into reusable <see cref="ColumnBatch"/>es.</summary>
public interface IBatchReader : IDisposable
{
    /// <summary>The schema the rows are parsed with.</summary>
    DataSchema Schema { get; }

    /// <summary>Rows read and malformed rows skipped so far.</summary>
    ReadReport Report { get; }

    /// <summary>
    /// Empties <paramref name="batch"/> (made by <see cref="DataSchema.CreateBatch"/>) and fills it with up to its
    /// capacity of rows. Returns the number of rows; 0 at the end of the file.
    /// </summary>
    int ReadBatch(ColumnBatch batch);

    /// <summary>Appends every remaining row to <paramref name="batch"/>, growing its buffers as needed.</summary>
    void ReadToEnd(ColumnBatch batch);
}
