using Sluice.Tensors;

namespace Sluice.Tensors.Tests;

public class ShapeTests
{
    [Theory]
    [InlineData(new[] { 3, 1 }, new[] { 4 }, new[] { 3, 4 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 1 }, new[] { 2, 3, 4 })]
    [InlineData(new int[0], new[] { 5 }, new[] { 5 })]
    [InlineData(new[] { 1 }, new[] { 1, 1 }, new[] { 1, 1 })]
    public void Broadcast_follows_numpy_rules(int[] a, int[] b, int[] expected) =>
        Assert.Equal(new Shape(expected), Shape.Broadcast(new Shape(a), new Shape(b)));

    [Fact]
    public void Broadcast_of_incompatible_shapes_names_both()
    {
        var e = Assert.Throws<ArgumentException>(() => Shape.Broadcast(new Shape(2, 3), new Shape(4)));
        Assert.Contains("[2,3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void Shapes_are_inferred_while_tracing_without_computing()
    {
        var graph = Graph.Trace(x => x.MatMul(Tensor.Zeros(new Shape(4, 7))).Sum(1, keepDims: true), TensorSpec.Float32("x", 40, 4));
        Assert.Equal(new Shape(40, 1), graph.OutputShapes[0]);
    }

    [Fact]
    public void Negative_dims_and_bad_axes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Shape(2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shape(2, 3).NormalizeAxis(2));
        Assert.Equal(1, new Shape(2, 3).NormalizeAxis(-1));
    }
}
