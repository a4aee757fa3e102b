using Sluice.Serving.Servables.Estimator;
using Sluice.Serving.Servables.Linear;

namespace Sluice.Serving.Servables;

/// <summary>Opens a version folder with the loader that understands its bundle format.</summary>
internal static class ServableLoader
{
    public static IServable Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new ServableLoadException($"{directory}: the version folder does not exist.");
        if (ExportedModelServable.CanLoad(directory)) return ExportedModelServable.Load(directory);
        if (LinearServable.CanLoad(directory)) return LinearServable.Load(directory);
        throw new ServableLoadException($"{directory}: not a model bundle (expected an estimator export with model.json and manifest.json, or {LinearServable.FileName}).");
    }
}
