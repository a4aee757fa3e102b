using System.Globalization;

namespace Sluice.Serving.Repository;

/// <summary>Which version folders under a model's base path are served (TF Serving <c>ServableVersionPolicy</c>).</summary>
public sealed record VersionPolicy(VersionPolicyKind Kind, int LatestCount = 1, IReadOnlyList<long>? Specific = null)
{
    public static VersionPolicy Latest(int count = 1) => new(VersionPolicyKind.Latest, count);
    public static VersionPolicy All { get; } = new(VersionPolicyKind.All);
    public static VersionPolicy Versions(params long[] versions) => new(VersionPolicyKind.Specific, 0, versions);

    /// <summary>The versions of <paramref name="available"/> this policy serves.</summary>
    public IReadOnlyList<long> Select(IEnumerable<long> available)
    {
        var sorted = available.Order().ToList();
        return Kind switch
        {
            VersionPolicyKind.All => sorted,
            VersionPolicyKind.Specific => [.. sorted.Where(v => Specific!.Contains(v))],
            _ => [.. sorted.Skip(Math.Max(0, sorted.Count - LatestCount))],
        };
    }

    /// <summary>Text form stored in the state database and accepted on the command line: <c>latest:2</c>, <c>all</c>, <c>specific:3,5</c>.</summary>
    public override string ToString() => Kind switch
    {
        VersionPolicyKind.All => "all",
        VersionPolicyKind.Specific => "specific:" + string.Join(',', Specific!),
        _ => $"latest:{LatestCount}",
    };

    public static VersionPolicy Parse(string text)
    {
        string[] parts = text.Split(':', 2);
        switch (parts[0].Trim().ToLowerInvariant())
        {
            case "all": return All;
            case "latest":
                int count = parts.Length == 1 ? 1 : int.Parse(parts[1], CultureInfo.InvariantCulture);
                if (count < 1) throw new FormatException($"Version policy '{text}': latest needs a count ≥ 1.");
                return Latest(count);
            case "specific" when parts.Length == 2:
                return Versions([.. parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => long.Parse(v, CultureInfo.InvariantCulture))]);
            default:
                throw new FormatException($"Version policy '{text}' is not 'latest[:N]', 'all' or 'specific:v1,v2'.");
        }
    }
}

public enum VersionPolicyKind { Latest, All, Specific }
