namespace Sluice.Estimators.Training;

/// <summary>When an exporter writes a bundle during train-and-evaluate (TF's LatestExporter / BestExporter / FinalExporter).</summary>
public enum ExporterKind
{
    /// <summary>After every evaluation, keeping the newest <see cref="ExporterOptions.ExportsToKeep"/>.</summary>
    Latest,

    /// <summary>After an evaluation that improves <see cref="ExporterOptions.Metric"/>.</summary>
    Best,

    /// <summary>Once, after the last evaluation.</summary>
    Final,
}
