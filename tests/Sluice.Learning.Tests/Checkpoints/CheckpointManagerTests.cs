using Sluice.Learning.Checkpoints;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Checkpoints;

public sealed class CheckpointManagerTests
{
    [Fact]
    public void Keeps_only_the_last_K_and_writes_the_TF_state_file()
    {
        using var dir = new TempDirectory();
        var manager = new CheckpointManager(dir.Path, maxToKeep: 3);
        foreach (long step in new long[] { 100, 200, 300, 400, 500 })
            manager.Save(CheckpointFileTests.Sample(step));

        string[] files = Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(["checkpoint", "model.ckpt-300", "model.ckpt-400", "model.ckpt-500"], files);
        Assert.Equal(
            "model_checkpoint_path: \"model.ckpt-500\"\n" +
            "all_model_checkpoint_paths: \"model.ckpt-300\"\n" +
            "all_model_checkpoint_paths: \"model.ckpt-400\"\n" +
            "all_model_checkpoint_paths: \"model.ckpt-500\"\n",
            File.ReadAllText(dir.Combine("checkpoint")));
        Assert.Equal(dir.Combine("model.ckpt-500"), manager.LatestPath);
    }

    [Fact]
    public void A_new_manager_resumes_the_rotation_from_the_state_file()
    {
        using var dir = new TempDirectory();
        var first = new CheckpointManager(dir.Path, maxToKeep: 2);
        first.Save(CheckpointFileTests.Sample(1));
        first.Save(CheckpointFileTests.Sample(2));

        var second = new CheckpointManager(dir.Path, maxToKeep: 2);
        Assert.Equal(dir.Combine("model.ckpt-2"), second.LatestPath);
        second.Save(CheckpointFileTests.Sample(3));
        Assert.False(File.Exists(dir.Combine("model.ckpt-1")));
        Assert.Equal([dir.Combine("model.ckpt-2"), dir.Combine("model.ckpt-3")], second.Checkpoints);
    }

    [Fact]
    public void A_corrupted_latest_checkpoint_falls_back_to_the_previous_one()
    {
        using var dir = new TempDirectory();
        var manager = new CheckpointManager(dir.Path);
        manager.Save(CheckpointFileTests.Sample(10));
        string latest = manager.Save(CheckpointFileTests.Sample(20));
        byte[] bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, bytes[..(bytes.Length - 5)]);

        Checkpoint? restored = manager.RestoreLatest(out var rejected);
        Assert.NotNull(restored);
        Assert.Equal(10, restored!.GlobalStep);
        CheckpointCorruptException problem = Assert.Single(rejected);
        Assert.Equal(latest, problem.FilePath);

        var direct = Assert.Throws<CheckpointCorruptException>(() => CheckpointManager.Load(latest));
        Assert.Contains("model.ckpt-20", direct.Message);
    }

    [Fact]
    public void An_empty_directory_has_nothing_to_restore_and_a_lost_state_file_is_rebuilt_from_file_names()
    {
        using var dir = new TempDirectory();
        var manager = new CheckpointManager(dir.Path);
        Assert.Null(manager.LatestPath);
        Assert.Null(manager.RestoreLatest(out var rejected));
        Assert.Empty(rejected);

        manager.Save(CheckpointFileTests.Sample(5));
        manager.Save(CheckpointFileTests.Sample(50));
        File.Delete(dir.Combine("checkpoint"));
        var rediscovered = new CheckpointManager(dir.Path);
        Assert.Equal(dir.Combine("model.ckpt-50"), rediscovered.LatestPath);
        Assert.Equal(50, rediscovered.RestoreLatest(out _)!.GlobalStep);
    }

    [Fact]
    public void A_state_file_naming_a_missing_checkpoint_reports_it_and_uses_the_older_one()
    {
        using var dir = new TempDirectory();
        var manager = new CheckpointManager(dir.Path);
        manager.Save(CheckpointFileTests.Sample(1));
        string second = manager.Save(CheckpointFileTests.Sample(2));
        File.Delete(second);
        Checkpoint? restored = new CheckpointManager(dir.Path).RestoreLatest(out var rejected);
        Assert.Equal(1, restored!.GlobalStep);
        Assert.Contains("does not exist", Assert.Single(rejected).Message);
    }

    [Fact]
    public void An_unparseable_state_file_is_reported_and_checkpoints_are_found_by_name()
    {
        using var dir = new TempDirectory();
        var manager = new CheckpointManager(dir.Path);
        manager.Save(CheckpointFileTests.Sample(3));
        File.WriteAllText(dir.Combine("checkpoint"), "model_checkpoint_path model.ckpt-3\n");
        var reopened = new CheckpointManager(dir.Path);
        Assert.Contains("checkpoint:1", reopened.StateFileProblem);
        Assert.Equal(3, reopened.RestoreLatest(out _)!.GlobalStep);
    }
}
