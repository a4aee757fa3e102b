namespace Sluice.Board.Api;

/// <summary>TensorBoard's per-tag entry in <c>/data/plugin/scalars/tags</c>.</summary>
internal sealed record TensorBoardTagInfo(string DisplayName, string Description);
