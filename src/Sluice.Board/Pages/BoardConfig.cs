namespace Sluice.Board.Pages;

/// <summary>GET /api/config.</summary>
/// <param name="EngineConsole">True inside <c>sluice engine</c>: show the Jobs and Models pages (they call the engine's REST API).</param>
internal sealed record BoardConfig(bool EngineConsole);
