namespace Sluice.Serving.Servables;

/// <summary>A version folder could not be loaded: a missing or corrupted file, or an unknown bundle format.</summary>
public sealed class ServableLoadException(string message, Exception? inner = null) : Exception(message, inner);
