using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Sluice.Jobs.Model;
using Sluice.Jobs.Spec;
using Sluice.Jobs.Store;
using Sluice.Jobs.Tuning;

namespace Sluice.Jobs.Running;

/// <summary>
/// The job service without HTTP: submit, cancel, query, and a scheduler loop that claims queued jobs from the store
/// (compare-and-set, so a job never runs twice), starts them on the backend within its slots, records their end, runs
/// tuning jobs' trial loops, and on start recovers the jobs this engine owned before a crash: work still running on
/// the backend is re-attached; otherwise the job is re-queued (training resumes from its checkpoints) or, after
/// <see cref="JobEngineOptions.MaxAttempts"/> restarts, failed with the reason.
/// </summary>
public sealed class JobEngine : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ActiveJob> _active = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TuningCoordinator _tuning;
    private Task? _loop;

    public JobEngine(IJobStore store, IJobBackend backend, JobEngineOptions options, TimeProvider? time = null)
    {
        Store = store;
        Backend = backend;
        Options = options;
        Time = time ?? TimeProvider.System;
        _tuning = new TuningCoordinator(this);
    }

    /// <summary>Label holding the export folder a prediction job's modelName/versionName resolved to at submission.</summary>
    public const string ResolvedUriLabel = "sluice.resolvedUri";

    public IJobStore Store { get; }

    public IJobBackend Backend { get; }

    public JobEngineOptions Options { get; }

    internal TimeProvider Time { get; }

    internal DateTime Now => Time.GetUtcNow().UtcDateTime;

    /// <summary>Slots taken by jobs this engine is running.</summary>
    public int SlotsInUse => _active.Values.Sum(a => a.Slots);

    public string JobFolder(string jobId) => Path.Combine(Options.DataDirectory, "jobs", jobId);

    public string LogPath(string jobId) => Path.Combine(JobFolder(jobId), "job.log");

    /// <summary>The model dir of a training job: its <c>jobDir</c>, else <c>jobs/&lt;id&gt;/model</c> in the data dir.</summary>
    public string ModelDirectory(JobRecord job) => job.Spec.TrainingInput?.JobDir ?? Path.Combine(JobFolder(job.JobId), "model");

    /// <summary>Queues a job. Throws <see cref="JobConflictException"/> when the id is taken, <see cref="JobSpecException"/> when the spec cannot run here.</summary>
    public JobRecord Submit(JobSpec spec)
    {
        if (spec.TrainingInput is { } t && !File.Exists(t.Config))
            throw new JobSpecException("trainingInput.config", $"'{t.Config}' does not exist on the engine host.");
        if (spec.TrainingInput?.Hyperparameters?.ResumePreviousJobId is { } previous && Store.Get(previous) is null)
            throw new JobSpecException("trainingInput.hyperparameters.resumePreviousJobId", $"job '{previous}' does not exist.");
        if (spec.PredictionInput is { Uri: null } && spec.Labels?.ContainsKey(ResolvedUriLabel) != true)
            throw new JobSpecException("predictionInput.modelName", "model names are resolved by the engine's REST API; give predictionInput.uri (an export folder) here.");
        var job = new JobRecord(spec.JobId, spec, JobState.Queued, Now);
        if (!Store.TryCreate(job)) throw new JobConflictException($"job '{spec.JobId}' already exists; job ids are unique.");
        Wake();
        return job;
    }

    public JobRecord Get(string jobId) => Store.Get(jobId) ?? throw new JobNotFoundException(jobId);

    /// <summary>
    /// Cancels a job: a queued one at once; a running one goes to CANCELLING and its process tree is killed by the
    /// engine that runs it (CANCELLED when it is gone). A finished job is a conflict.
    /// </summary>
    public JobRecord Cancel(string jobId)
    {
        while (true)
        {
            var job = Get(jobId);
            if (job.State.IsFinal()) throw new JobConflictException($"job '{jobId}' is already {job.State.Name()}.");
            if (job.State == JobState.Cancelling) return job;
            var updated = job.State == JobState.Queued
                ? End(jobId, [JobState.Queued], new JobUpdate(State: JobState.Cancelled, EndTime: Now, ErrorMessage: "cancelled before it started"))
                : Store.TryUpdate(jobId, [JobState.Preparing, JobState.Running], new JobUpdate(State: JobState.Cancelling));
            if (updated is not null)
            {
                Wake();
                return updated;
            }
        }
    }

    /// <summary>Recovers this engine's jobs from before a restart, then starts the scheduler loop.</summary>
    public void Start()
    {
        Directory.CreateDirectory(Options.DataDirectory);
        Recover();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Runs the scheduler once (tests and the loop).</summary>
    internal void Tick()
    {
        HandleCancellations();
        foreach (var parent in Store.ListInStates([JobState.Running], Options.EngineId))
            if (parent.Spec.IsTuning) _tuning.Step(parent);
        ClaimAndLaunch();
    }

    public void Wake() => _wake.Release();

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try { Tick(); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"sluice engine: scheduler error (retrying): {e.Message}");
            }
            try { await _wake.WaitAsync(Options.PollInterval, _stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
    }

    private void Recover()
    {
        foreach (var job in Store.ListInStates(JobStates.Active, Options.EngineId))
        {
            if (job.Spec.IsTuning)
            {
                // The trial loop lives in the store (trials are jobs); it simply continues.
                if (job.State == JobState.Preparing) Store.TryUpdate(job.JobId, [JobState.Preparing], new JobUpdate(State: JobState.Running));
                continue;
            }
            // Only training runs on the backend; a batch prediction ran inside the dead engine and is simply re-run.
            if (job.Spec.IsTraining && Backend.Reattach(job.Handle, LaunchFor(job, prepare: false)) is { } reattached)
            {
                Note(job.JobId, $"engine restarted: re-attached to {reattached.Handle}");
                Track(job, reattached);
                if (job.Handle != reattached.Handle) // found without a handle (the engine died right after starting it)
                    Store.TryUpdate(job.JobId, [JobState.Preparing, JobState.Running], new JobUpdate(State: JobState.Running, Handle: reattached.Handle));
                continue;
            }
            if (job.State == JobState.Cancelling)
            {
                End(job.JobId, [JobState.Cancelling], new JobUpdate(State: JobState.Cancelled, EndTime: Now, ClearHandle: true));
                continue;
            }
            if (job.Attempt + 1 >= Options.MaxAttempts)
            {
                End(job.JobId, JobStates.Active, new JobUpdate(State: JobState.Failed, EndTime: Now, ClearHandle: true,
                    ErrorMessage: $"the engine restarted {job.Attempt + 1} times while this job ran (limit {Options.MaxAttempts}); not retried again."));
                continue;
            }
            if (Store.TryUpdate(job.JobId, [JobState.Preparing, JobState.Running], new JobUpdate(State: JobState.Queued, Attempt: job.Attempt + 1, ClearHandle: true)) is not null)
                Note(job.JobId, $"engine restarted while the job was {job.State.Name()}: re-queued (attempt {job.Attempt + 2} of {Options.MaxAttempts})");
        }
    }

    private void HandleCancellations()
    {
        foreach (var job in Store.ListInStates([JobState.Cancelling], Options.EngineId))
        {
            if (job.Spec.IsTuning) { _tuning.Cancel(job); continue; }
            if (_active.TryGetValue(job.JobId, out var active)) active.RequestCancel();
            else End(job.JobId, [JobState.Cancelling], new JobUpdate(State: JobState.Cancelled, EndTime: Now, ClearHandle: true));
        }
    }

    private static int SlotsFor(JobRecord job) => job.Spec.IsTuning ? 0 : 1;

    private void ClaimAndLaunch()
    {
        while (!_stopping.IsCancellationRequested)
        {
            int free = Backend.Slots - SlotsInUse;
            var job = Store.TryClaimNext(Options.EngineId, Now, j => SlotsFor(j) <= free);
            if (job is null) return;
            try
            {
                if (job.Spec.IsTuning) _tuning.Begin(job);
                else if (job.Spec.IsTraining) LaunchTraining(job);
                else LaunchPrediction(job);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _active.TryRemove(job.JobId, out _);
                Fail(job.JobId, e.Message);
            }
        }
    }

    internal JobLaunch LaunchFor(JobRecord job, bool prepare)
    {
        var t = job.Spec.TrainingInput!;
        string folder = Path.GetFullPath(JobFolder(job.JobId));
        string modelDirectory = ModelDirectory(job);
        string config = Path.Combine(folder, "config.yaml");
        if (prepare)
        {
            Directory.CreateDirectory(modelDirectory);
            TrainingConfigWriter.Write(t.Config, t.Overrides, config);
        }
        var arguments = Options.Trainer.With(["train", "--config", config, "--model-dir", modelDirectory, .. t.Args]);
        return new JobLaunch(job.JobId, Options.Trainer.FileName, arguments, folder, LogPath(job.JobId),
            new Dictionary<string, string> { ["SLUICE_JOB_ID"] = job.JobId, [LocalProcessBackend.JobFolderVariable] = folder, ["TERM"] = "dumb", ["NO_COLOR"] = "1" });
    }

    private void LaunchTraining(JobRecord job)
    {
        Note(job.JobId, $"PREPARING on {Backend.Name} (attempt {job.Attempt + 1})");
        var launch = LaunchFor(job, prepare: true);
        var running = Backend.StartAsync(launch, _stopping.Token).GetAwaiter().GetResult();
        Track(job, running);
        if (Store.TryUpdate(job.JobId, [JobState.Preparing], new JobUpdate(State: JobState.Running, Handle: running.Handle)) is null)
            running.Cancel(); // cancelled while preparing; the completion records CANCELLED
    }

    private void Track(JobRecord job, IRunningJob running)
    {
        var active = new ActiveJob(SlotsFor(job), running.Cancel, running.Detach);
        _active[job.JobId] = active;
        active.Finished = running.Completion.ContinueWith(t =>
        {
            try { FinishTraining(job, t.IsCompletedSuccessfully ? t.Result : -1); }
            catch (Exception e) { Console.Error.WriteLine($"sluice engine: recording the end of {job.JobId} failed: {e.Message}"); }
            finally { _active.TryRemove(job.JobId, out _); Wake(); }
        }, TaskScheduler.Default);
    }

    private void FinishTraining(JobRecord job, int exitCode)
    {
        if (_stopping.IsCancellationRequested) return; // engine shutting down: recovery on the next start decides
        var current = Store.Get(job.JobId);
        if (current is null || current.State.IsFinal()) return;
        var output = TrainingResults.Output(ModelDirectory(job));
        if (current.State == JobState.Cancelling)
        {
            bool stoppedEarly = current.Output?["stoppedEarly"]?.GetValue<bool>() == true;
            output["stoppedEarly"] = stoppedEarly;
            End(job.JobId, [JobState.Cancelling], new JobUpdate(State: stoppedEarly ? JobState.Succeeded : JobState.Cancelled, EndTime: Now, ClearHandle: true, Output: output));
            return;
        }
        if (exitCode == 0)
        {
            End(job.JobId, [JobState.Running, JobState.Preparing], new JobUpdate(State: JobState.Succeeded, EndTime: Now, ClearHandle: true, Output: output));
            return;
        }
        var errors = JobLog.Tail(LogPath(job.JobId), "stderr", 5);
        string reason = errors.Count == 0 ? "no error output" : string.Join(" | ", errors);
        End(job.JobId, [JobState.Running, JobState.Preparing], new JobUpdate(State: JobState.Failed, EndTime: Now, ClearHandle: true, Output: output,
            ErrorMessage: $"sluice train exited with code {exitCode}: {reason}"));
    }

    private void LaunchPrediction(JobRecord job)
    {
        var cancel = new CancellationTokenSource();
        var active = new ActiveJob(1, cancel.Cancel, cancel.Cancel);
        _active[job.JobId] = active;
        Store.TryUpdate(job.JobId, [JobState.Preparing], new JobUpdate(State: JobState.Running, Handle: $"inproc:{Options.EngineId}"));
        active.Finished = Task.Run(() =>
        {
            using var log = new JobLog(LogPath(job.JobId));
            try
            {
                var input = job.Spec.PredictionInput!;
                string model = input.Uri ?? job.Spec.Labels![ResolvedUriLabel];
                log.Write("engine", $"batch prediction with {model}");
                var result = Prediction.BatchPrediction.Run(model, input, line => log.Write("stdout", line), cancel.Token);
                Store.TryUpdate(job.JobId, [JobState.Running], new JobUpdate(State: JobState.Succeeded, EndTime: Now, ClearHandle: true, Output: result.ToJson()));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                log.Write("engine", "engine stopping: the batch prediction is stopped and re-run on the next start");
            }
            catch (OperationCanceledException)
            {
                End(job.JobId, JobStates.Active, new JobUpdate(State: JobState.Cancelled, EndTime: Now, ClearHandle: true));
            }
            catch (Exception e)
            {
                log.Write("stderr", e.Message);
                Fail(job.JobId, e.Message);
            }
            finally
            {
                _active.TryRemove(job.JobId, out _); // the token source is not disposed: a shutdown may still cancel it (it holds no timer)
                Wake();
            }
        });
    }

    internal void Fail(string jobId, string message)
    {
        Note(jobId, $"FAILED: {message}");
        End(jobId, JobStates.Active, new JobUpdate(State: JobState.Failed, EndTime: Now, ClearHandle: true, ErrorMessage: message));
    }

    /// <summary>Moves a job to a final state (compare-and-set, as <see cref="IJobStore.TryUpdate"/>); a tuning trial's end also goes into its hparams.json.</summary>
    internal JobRecord? End(string jobId, IReadOnlyCollection<JobState> expected, JobUpdate update)
    {
        var ended = Store.TryUpdate(jobId, expected, update);
        if (ended is { ParentJobId: not null } && ended.State.IsFinal()) _tuning.RecordTrial(ended);
        return ended;
    }

    /// <summary>Writes an engine line into the job's log.</summary>
    internal void Note(string jobId, string message)
    {
        using var log = new JobLog(LogPath(jobId));
        log.Write("engine", message);
    }

    /// <summary>
    /// Stops the loop and detaches from running jobs, leaving them in their state: Slurm jobs run on and the next
    /// start re-attaches them; local child processes and batch predictions are stopped and the next start re-queues
    /// them (training resumes from its checkpoints). Returns once every watcher of this engine has stopped, so an
    /// engine started next on the same store owns its jobs alone (no old watcher copies log lines or records an end).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        var active = _active.Values.ToArray();
        foreach (var job in active) job.Detach();
        try { await Task.WhenAll(active.Select(job => job.Finished)).WaitAsync(WatcherStopTimeout).ConfigureAwait(false); }
        catch (TimeoutException)
        {
            // Only when something outlives its process tree and keeps its output pipe open; shutting down matters more.
            Console.Error.WriteLine($"sluice engine: job watchers did not stop within {WatcherStopTimeout.TotalSeconds:F0} s; shutting down anyway.");
        }
    }

    private static readonly TimeSpan WatcherStopTimeout = TimeSpan.FromSeconds(60);

    private sealed class ActiveJob(int slots, Action cancel, Action detach)
    {
        public void Detach() => detach();

        /// <summary>Completes when the job's watcher has recorded its end (or, on shutdown, stopped watching).</summary>
        public Task Finished { get; set; } = Task.CompletedTask;

        private int _cancelled;

        public int Slots { get; } = slots;

        public void RequestCancel()
        {
            if (Interlocked.Exchange(ref _cancelled, 1) == 0) cancel();
        }
    }
}
