namespace Sluice.Tensors.Execution;

/// <summary>Eager mode: infer the shape, allocate, run the one kernel. Views (reshape) share storage.</summary>
internal static class Eager
{
    private static readonly KernelContext Context = new();

    public static Tensor Run(Op op, OpParams? p, Tensor[] inputs)
    {
        var dims = new int[inputs.Length][];
        var types = new DType[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            dims[i] = inputs[i].Shape.Dims;
            types[i] = inputs[i].DType;
        }
        var type = ShapeRules.InferType(op, p, types);
        Span<int> outDims = stackalloc int[Shape.MaxRank];
        int rank = ShapeRules.Infer(op, p, dims, outDims);
        var shape = new Shape(outDims[..rank]);
        if (OpKinds.IsView(op, p))
            return new Tensor(inputs[0].Data!, inputs[0].Offset + OpKinds.ViewOffset(op, p, inputs[0].Shape.Dims), shape);

        var data = DTypes.Allocate(type, shape.ElementCount);
        var buffers = new Buf[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) buffers[i] = inputs[i].ToBuf();
        // Eager random ops draw run 0 of their salt's stream: the same seed gives the same mask every call.
        lock (Context) OpKernels.Run(op, p, buffers, new Buf(data, 0, shape.Dims), Context);
        return new Tensor(data, 0, shape);
    }
}
