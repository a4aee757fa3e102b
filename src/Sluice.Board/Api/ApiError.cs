namespace Sluice.Board.Api;

/// <summary>The body of every 4xx answer: one sentence naming the parameter or the missing thing.</summary>
internal sealed record ApiError(string Error);
