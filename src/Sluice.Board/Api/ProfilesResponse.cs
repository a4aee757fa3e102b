using Sluice.Board.Profiles;

namespace Sluice.Board.Api;

/// <summary>GET /api/profiles: the dataset profiles the Data page can show.</summary>
internal sealed record ProfilesResponse(IReadOnlyList<ProfileEntry> Profiles);
