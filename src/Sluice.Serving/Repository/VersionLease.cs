namespace Sluice.Serving.Repository;

/// <summary>A request's hold on a loaded version: the version cannot be unloaded until every lease is disposed.</summary>
internal readonly struct VersionLease(ServedModel model, ModelVersion version, LoadedVersion loaded) : IDisposable
{
    public ServedModel Model { get; } = model;
    public ModelVersion Version { get; } = version;
    public LoadedVersion Loaded { get; } = loaded;

    public void Dispose() => Loaded.Release();
}
