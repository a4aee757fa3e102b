namespace Sluice.Serving.Auth;

/// <summary>A stored API key: only its salt and salted SHA-256 are kept, never the key itself.</summary>
/// <param name="Id">The public part of the key (<c>slk_&lt;id&gt;.&lt;secret&gt;</c>), used to find the record.</param>
/// <param name="Models">Models the key may call; null: every model.</param>
/// <param name="RatePerMinute">Request budget per minute; null: unlimited.</param>
/// <param name="Admin">Whether the key may call the management API (models, versions, labels).</param>
public sealed record ApiKeyRecord(
    string Id,
    string Name,
    byte[] Salt,
    byte[] Hash,
    IReadOnlyList<string>? Models,
    int? RatePerMinute,
    bool Admin,
    DateTime CreatedUtc,
    DateTime? RevokedUtc)
{
    public bool AllowsModel(string model) => Models is null || Models.Contains(model, StringComparer.Ordinal);
}
