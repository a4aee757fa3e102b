using System.Globalization;

namespace Sluice.Serving.Protocol;

/// <summary>
/// Where a value sits in a request body — <c>instances[3].age</c>, <c>inputs.age[3]</c>, <c>context.age</c> — kept as
/// parts and formatted only when an error names it (a string per value would be most of a request's allocations).
/// </summary>
/// <param name="Prefix">the part before the index (<c>instances</c>, <c>inputs.age</c>, <c>context.age</c>)</param>
/// <param name="Row">the instance index, or -1 for none</param>
/// <param name="Feature">the feature after the index (<c>age</c>), or null</param>
internal readonly record struct ValuePath(string Prefix, int Row = -1, string? Feature = null)
{
    public ValuePath WithFeature(string feature) => this with { Feature = feature };

    public override string ToString()
    {
        string path = Row < 0 ? Prefix : string.Create(CultureInfo.InvariantCulture, $"{Prefix}[{Row}]");
        return Feature is null ? path : $"{path}.{Feature}";
    }
}
