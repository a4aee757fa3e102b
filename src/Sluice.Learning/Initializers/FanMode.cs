namespace Sluice.Learning.Initializers;

/// <summary>Which fan a variance-scaling initializer divides by.</summary>
public enum FanMode
{
    /// <summary>fanIn: inputs per unit.</summary>
    In,

    /// <summary>fanOut: units.</summary>
    Out,

    /// <summary>(fanIn + fanOut) / 2.</summary>
    Average,
}
