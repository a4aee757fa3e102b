using Sluice.Jobs.Running;

namespace Sluice.Jobs.Tests.Engine;

/// <summary>
/// A trainer command that holds every job it starts until the test opens the gate, then runs the real command: the
/// tests decide when a job may end instead of hoping a training run is still going (or already done) at some moment.
/// </summary>
internal sealed class GatedTrainer
{
    private readonly string _directory;

    /// <param name="directory">Where the script and the gate file live.</param>
    /// <param name="command">What a job runs once the gate is open, before the engine's arguments (<c>dotnet sluice.dll</c>, <c>true</c>).</param>
    public GatedTrainer(string directory, params string[] command)
    {
        _directory = Directory.CreateDirectory(directory).FullName;
        string script = Path.Combine(_directory, "gated-trainer.sh");
        File.WriteAllText(script, $"""
            #!/bin/bash
            # Waits until the test opens the gate of this job (the engine sets SLUICE_JOB_ID), then runs the command.
            while [ ! -e '{_directory}/open-'"$SLUICE_JOB_ID" ]; do sleep 0.1; done
            exec "$@"
            """ + "\n");
        Command = new TrainerCommand("bash", [script, .. command]);
    }

    public TrainerCommand Command { get; }

    /// <summary>Lets the job <paramref name="jobId"/> run (now, or as soon as it starts).</summary>
    public void Open(string jobId) => File.WriteAllText(Path.Combine(_directory, "open-" + jobId), "");
}
