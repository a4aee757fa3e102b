namespace Sluice.Jobs.Tests.Engine;

/// <summary>Engine tests train real models on 2 cores: they run one after another, not in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineCollection
{
    public const string Name = "engine processes";
}
