namespace Sluice.Learning.Checkpoints;

/// <summary>Element type of a stored tensor; the byte value is the on-disk code.</summary>
public enum CheckpointDType : byte
{
    Float32 = 1,
    Int64 = 2,
}
