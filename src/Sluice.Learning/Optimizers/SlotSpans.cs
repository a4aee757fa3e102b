namespace Sluice.Learning.Optimizers;

/// <summary>
/// The slot storage an optimizer update sees for one block of weights: up to three spans, each aligned with the
/// weights span (the whole variable for a dense update, one row for a sparse update).
/// </summary>
public readonly ref struct SlotSpans
{
    public SlotSpans(Span<float> first, Span<float> second, Span<float> third)
    {
        First = first;
        Second = second;
        Third = third;
    }

    public Span<float> First { get; }
    public Span<float> Second { get; }
    public Span<float> Third { get; }
}
