using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Sluice.Serving.Batching;
using Sluice.Serving.Hosting;
using Sluice.Serving.Metrics;
using Sluice.Serving.Servables;
using Sluice.Serving.State;

namespace Sluice.Serving.Repository;

/// <summary>
/// The models the server knows, their versions, default versions and labels. Versions load in the background
/// (verify manifest, load, warm up) and are swapped in atomically; a version leaving the policy is retired only once
/// a newer one is ready, and is unloaded after its in-flight requests drain. Every change is persisted.
/// </summary>
internal sealed partial class ModelRepository : IAsyncDisposable
{
    private const int MaxLoadAttempts = 5;
    private readonly ConcurrentDictionary<string, ServedModel> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly ServerStateStore _store;
    private readonly ServingMetrics _metrics;
    private readonly ServerOptions _options;
    private readonly ILogger _log;

    public ModelRepository(ServerStateStore store, ServingMetrics metrics, ServerOptions options, ILogger log)
    {
        _store = store;
        _metrics = metrics;
        _options = options;
        _log = log;
    }

    public IEnumerable<ServedModel> Models => _models.Values.OrderBy(m => m.Name, StringComparer.Ordinal);

    public ServedModel GetModel(string name) => _models.TryGetValue(name, out var model)
        ? model
        : throw ServingException.NotFound($"Model '{name}' not found.");

    // ---- start-up ----

    /// <summary>Re-creates the persisted models and starts loading their versions.</summary>
    public void Restore()
    {
        foreach (var stored in _store.LoadModels())
        {
            var model = new ServedModel(stored.Name, stored.Description, stored.BasePath, VersionPolicy.Parse(stored.Policy), stored.CreatedUtc)
            {
                ExplicitDefault = stored.DefaultVersion,
                Labels = new Dictionary<string, long>(stored.Labels, StringComparer.Ordinal),
            };
            _models[model.Name] = model;
            foreach (var (number, origin, created) in stored.Versions) AddVersionAndLoad(model, number, origin, created);
        }
    }

    /// <summary>Registers (or updates) a model fed from a base path; its versions are found by <see cref="Poll"/>.</summary>
    public void RegisterBasePath(ModelSource source)
    {
        var model = _models.GetOrAdd(source.Name, name => new ServedModel(name, null, source.BasePath, source.Policy ?? VersionPolicy.Latest(), DateTime.UtcNow));
        lock (model.Gate)
        {
            model.BasePath = Path.GetFullPath(source.BasePath);
            if (source.Policy is not null) model.Policy = source.Policy;
            if (source.Labels is not null) model.Labels = new Dictionary<string, long>(source.Labels, StringComparer.Ordinal);
            _store.UpsertModel(model);
            foreach (var (label, version) in model.Labels) _store.SetLabel(model.Name, label, version);
        }
    }

    // ---- base-path polling ----

    /// <summary>Scans every base path once: loads new wanted versions, retires unwanted ones whose successors are ready.</summary>
    public void Poll()
    {
        foreach (var model in _models.Values)
        {
            if (model.BasePath is null) continue;
            lock (model.Gate) PollLocked(model);
        }
    }

    private void PollLocked(ServedModel model)
    {
        var onDisk = ListVersionFolders(model.BasePath!);
        var wanted = model.Policy.Select(onDisk.Keys).ToHashSet();
        foreach (long pinned in PinnedVersions(model)) if (onDisk.ContainsKey(pinned)) wanted.Add(pinned);
        var versions = model.Versions;
        foreach (long number in wanted)
        {
            if (!versions.TryGetValue(number, out var existing))
                AddVersionAndLoad(model, number, onDisk[number], DateTime.UtcNow);
            else if (existing.State == VersionState.Failed && existing.FailedAttempts < MaxLoadAttempts)
                StartLoad(model, existing);
        }
        bool anyWantedReady = versions.Values.Any(v => wanted.Contains(v.Number) && v.State == VersionState.Ready);
        foreach (var version in versions.Values)
        {
            if (wanted.Contains(version.Number)) continue;
            // Keep the old version serving until a wanted one is ready (zero failed requests during a reload).
            if (anyWantedReady || version.State != VersionState.Ready || !onDisk.ContainsKey(version.Number)) Retire(model, version);
        }
    }

    private static IEnumerable<long> PinnedVersions(ServedModel model)
    {
        if (model.ExplicitDefault is { } chosen) yield return chosen;
        foreach (long labelled in model.Labels.Values) yield return labelled;
    }

    private static Dictionary<long, string> ListVersionFolders(string basePath)
    {
        var found = new Dictionary<long, string>();
        if (!Directory.Exists(basePath)) return found;
        foreach (string directory in Directory.EnumerateDirectories(basePath))
        {
            if (long.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
                found[number] = directory;
        }
        return found;
    }

    // ---- management ----

    public ServedModel CreateModel(string name, string? description)
    {
        ValidateName(name, "model name");
        var model = new ServedModel(name, description, null, VersionPolicy.All, DateTime.UtcNow);
        if (!_models.TryAdd(name, model)) throw ServingException.Conflict($"Model '{name}' already exists.");
        _store.UpsertModel(model);
        return model;
    }

    public async Task DeleteModelAsync(string name)
    {
        var model = GetModel(name);
        List<ModelVersion> versions;
        lock (model.Gate)
        {
            if (model.BasePath is null && model.Versions.Count > 0)
                throw ServingException.BadRequest($"Model '{name}' still has {model.Versions.Count} version(s); delete them first.");
            versions = [.. model.Versions.Values];
            foreach (var version in versions) Retire(model, version);
            _models.TryRemove(name, out _);
            _store.DeleteModel(name);
        }
        await WaitForBackgroundAsync().ConfigureAwait(false);
    }

    /// <summary>Creates version <paramref name="number"/> (default: the origin folder's number, else the next one) and starts loading it.</summary>
    public ModelVersion CreateVersion(string modelName, long? number, string origin)
    {
        var model = GetModel(modelName);
        if (model.BasePath is not null)
            throw ServingException.BadRequest($"Model '{modelName}' is fed from base path {model.BasePath}; add a numbered folder there instead.");
        string fullOrigin = Path.GetFullPath(origin);
        if (!Directory.Exists(fullOrigin)) throw ServingException.BadRequest($"deploymentUri: folder {fullOrigin} does not exist.");
        lock (model.Gate)
        {
            long chosen = number
                ?? (long.TryParse(Path.GetFileName(fullOrigin), NumberStyles.None, CultureInfo.InvariantCulture, out long fromFolder) && !model.Versions.ContainsKey(fromFolder)
                    ? fromFolder
                    : (model.Versions.Count == 0 ? 1 : model.Versions.Keys.Max() + 1));
            if (chosen < 0) throw ServingException.BadRequest("name: a version number must be ≥ 0.");
            if (model.Versions.ContainsKey(chosen)) throw ServingException.Conflict($"Model '{modelName}' already has version {chosen}.");
            var created = DateTime.UtcNow;
            _store.InsertVersion(modelName, chosen, fullOrigin, created);
            if (model.ExplicitDefault is null)
            {
                model.ExplicitDefault = chosen; // ML Engine: the first version becomes the default
                _store.UpsertModel(model);
            }
            return AddVersionAndLoad(model, chosen, fullOrigin, created);
        }
    }

    public async Task DeleteVersionAsync(string modelName, long number)
    {
        var model = GetModel(modelName);
        lock (model.Gate)
        {
            if (!model.Versions.TryGetValue(number, out var version)) throw ServingException.NotFound($"Model '{modelName}' has no version {number}.");
            if (model.BasePath is not null)
                throw ServingException.BadRequest($"Version {number} comes from base path {model.BasePath}; remove its folder (or change the version policy) instead.");
            if (model.ExplicitDefault == number && model.Versions.Count > 1)
                throw ServingException.BadRequest($"Version {number} is the default of model '{modelName}'; set another default first.");
            Retire(model, version);
            _store.DeleteVersion(modelName, number);
            if (model.ExplicitDefault == number)
            {
                model.ExplicitDefault = null;
                _store.UpsertModel(model);
            }
            foreach (var (label, labelled) in model.Labels.Where(l => l.Value == number).ToList()) SetLabelLocked(model, label, null);
        }
        await WaitForBackgroundAsync().ConfigureAwait(false);
    }

    public void SetDefault(string modelName, long number)
    {
        var model = GetModel(modelName);
        lock (model.Gate)
        {
            if (!model.Versions.TryGetValue(number, out var version)) throw ServingException.NotFound($"Model '{modelName}' has no version {number}.");
            if (version.State != VersionState.Ready)
                throw ServingException.BadRequest($"Version {number} of model '{modelName}' is {version.State.MlEngine()}; only a READY version can be the default.");
            model.ExplicitDefault = number;
            _store.UpsertModel(model);
        }
    }

    /// <summary>Points <paramref name="label"/> at a ready version, or removes it when <paramref name="number"/> is null.</summary>
    public void SetLabel(string modelName, string label, long? number)
    {
        ValidateLabel(label);
        var model = GetModel(modelName);
        lock (model.Gate)
        {
            if (number is { } n)
            {
                if (!model.Versions.TryGetValue(n, out var version)) throw ServingException.NotFound($"Model '{modelName}' has no version {n}.");
                if (version.State != VersionState.Ready)
                    throw ServingException.BadRequest($"Version {n} of model '{modelName}' is {version.State.MlEngine()}; labels may only point at READY versions.");
            }
            else if (!model.Labels.ContainsKey(label)) throw ServingException.NotFound($"Model '{modelName}' has no label '{label}'.");
            SetLabelLocked(model, label, number);
        }
    }

    private void SetLabelLocked(ServedModel model, string label, long? number)
    {
        var labels = new Dictionary<string, long>(model.Labels, StringComparer.Ordinal);
        if (number is { } n) labels[label] = n;
        else labels.Remove(label);
        model.Labels = labels;
        _store.SetLabel(model.Name, label, number);
    }

    // ---- request path ----

    /// <summary>Finds the version a request names (number, label or default) and takes a lease on it.</summary>
    public VersionLease Acquire(string modelName, long? number, string? label)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (!_models.TryGetValue(modelName, out var model))
                throw ServingException.NotFound($"Servable not found for request: {Describe(modelName, number, label)}");
            long resolved;
            if (number is { } n) resolved = n;
            else if (label is not null)
            {
                if (!model.Labels.TryGetValue(label, out resolved))
                    throw ServingException.NotFound($"Unrecognized servable version label: {label} (model '{modelName}').");
            }
            else if (model.DefaultVersion is { } defaultVersion) resolved = defaultVersion;
            else if (model.Versions.Values.Any(v => v.State == VersionState.Loading))
                throw ServingException.Unavailable($"No version of model '{modelName}' is ready yet; it is loading.");
            else throw ServingException.NotFound($"Servable not found for request: {Describe(modelName, number, label)}; the model has no ready version.");

            if (!model.Versions.TryGetValue(resolved, out var version))
                throw ServingException.NotFound($"Servable not found for request: {Describe(modelName, resolved, label)}");
            var loaded = version.Loaded;
            if (loaded is null)
            {
                throw version.State switch
                {
                    VersionState.Loading => ServingException.Unavailable($"Version {resolved} of model '{modelName}' is still loading."),
                    VersionState.Failed => ServingException.NotFound($"Version {resolved} of model '{modelName}' failed to load: {version.Error}"),
                    _ => ServingException.NotFound($"Servable not found for request: {Describe(modelName, resolved, label)}"),
                };
            }
            if (loaded.TryAcquire()) return new VersionLease(model, version, loaded);
            Thread.Yield(); // retired between lookup and lease: the swap is in progress, resolve again
        }
        throw ServingException.Unavailable($"Model '{modelName}' is being reloaded; retry.");
    }

    private static string Describe(string model, long? number, string? label)
        => number is { } n ? $"Specific({model}, {n})" : label is not null ? $"Label({model}, {label})" : $"Latest({model})";

    /// <summary>True when every model's default version is loaded (for <c>/readyz</c>); otherwise says which is not.</summary>
    public bool AllDefaultsReady(out string reason)
    {
        foreach (var model in Models)
        {
            long? number = model.DefaultVersion;
            if (number is null || !model.Versions.TryGetValue(number.Value, out var version) || version.State != VersionState.Ready)
            {
                reason = $"model '{model.Name}' has no ready default version";
                return false;
            }
        }
        reason = "";
        return true;
    }

    // ---- loading and unloading ----

    private ModelVersion AddVersionAndLoad(ServedModel model, long number, string origin, DateTime created)
    {
        var version = new ModelVersion(number, origin, created);
        var versions = new SortedDictionary<long, ModelVersion>(model.Versions) { [number] = version };
        model.Versions = versions;
        StartLoad(model, version);
        return version;
    }

    private void StartLoad(ServedModel model, ModelVersion version)
    {
        version.State = VersionState.Loading;
        version.Error = null;
        Track(Task.Run(() => LoadAsync(model, version)));
    }

    private async Task LoadAsync(ServedModel model, ModelVersion version)
    {
        var clock = Stopwatch.StartNew();
        LoadedVersion? loaded = null;
        try
        {
            var servable = (_options.Loader ?? ServableLoader.Load)(version.Origin);
            var batcher = new DynamicBatcher(servable, _options.Batching, _options.MaxInstancesPerRequest, _metrics);
            loaded = new LoadedVersion(servable, batcher);
            await Warmup.RunAsync(loaded, _options).ConfigureAwait(false);
            bool swapped;
            lock (model.Gate)
            {
                swapped = model.Versions.TryGetValue(version.Number, out var current) && ReferenceEquals(current, version) && version.State == VersionState.Loading;
                if (swapped)
                {
                    version.LoadSeconds = clock.Elapsed.TotalSeconds;
                    version.Loaded = loaded; // the atomic swap: requests see the version from here on
                    version.State = VersionState.Ready;
                    model.RefreshLatestReady();
                    if (model.BasePath is not null) PollLocked(model); // retire what the new version replaces
                }
            }
            if (!swapped) await loaded.DisposeAsync().ConfigureAwait(false); // deleted while loading
            _metrics.ObserveLoad(true, clock.Elapsed.TotalSeconds);
            LogLoaded(model.Name, version.Number, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            if (loaded is not null) await loaded.DisposeAsync().ConfigureAwait(false);
            version.Error = e.Message;
            version.FailedAttempts++;
            version.State = VersionState.Failed;
            _metrics.ObserveLoad(false, clock.Elapsed.TotalSeconds);
            LogLoadFailed(model.Name, version.Number, e.Message);
        }
    }

    /// <summary>Removes a version from routing now and unloads it once its in-flight requests are done.</summary>
    private void Retire(ServedModel model, ModelVersion version)
    {
        var versions = new SortedDictionary<long, ModelVersion>(model.Versions);
        versions.Remove(version.Number);
        model.Versions = versions;
        model.RefreshLatestReady();
        var loaded = version.Loaded;
        version.Loaded = null;
        if (loaded is null)
        {
            version.State = VersionState.End;
            return;
        }
        version.State = VersionState.Unloading;
        Track(Task.Run(async () =>
        {
            await loaded.DisposeAsync().ConfigureAwait(false);
            version.State = VersionState.End;
            _metrics.ObserveUnload();
            LogUnloaded(model.Name, version.Number);
        }));
    }

    private void Track(Task task)
    {
        _background[task] = 0;
        task.ContinueWith(t => _background.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Waits until every load and unload started so far has finished.</summary>
    public async Task WaitForBackgroundAsync()
    {
        while (!_background.IsEmpty) await Task.WhenAll(_background.Keys.ToArray()).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await WaitForBackgroundAsync().ConfigureAwait(false);
        foreach (var model in _models.Values)
        {
            lock (model.Gate) foreach (var version in model.Versions.Values) Retire(model, version);
        }
        await WaitForBackgroundAsync().ConfigureAwait(false);
    }

    private static void ValidateName(string name, string what)
    {
        if (!NamePattern().IsMatch(name))
            throw ServingException.BadRequest($"{what} '{name}' must start with a letter and hold only letters, digits and underscores (at most 128).");
    }

    private static void ValidateLabel(string label)
    {
        if (!LabelPattern().IsMatch(label)) throw ServingException.BadRequest($"label '{label}' must match [a-zA-Z0-9_]+.");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")] private static partial Regex NamePattern();
    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")] private static partial Regex LabelPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} version {Version} is ready ({Milliseconds:F0} ms to verify, load and warm up).")]
    private partial void LogLoaded(string model, long version, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} version {Version} failed to load: {Reason}")]
    private partial void LogLoadFailed(string model, long version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} version {Version} unloaded.")]
    private partial void LogUnloaded(string model, long version);
}
