using Sluice.Serving.Servables.Linear;

namespace Sluice.Serving.Servables;

/// <summary>Opens a version folder with the loader that understands its bundle format.</summary>
internal static class ServableLoader
{
    public static IServable Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new ServableLoadException($"{directory}: the version folder does not exist.");
        if (LinearServable.CanLoad(directory)) return LinearServable.Load(directory);
        throw new ServableLoadException($"{directory}: not a model bundle (expected {LinearServable.FileName} or an estimator export with manifest.json).");
    }
}
