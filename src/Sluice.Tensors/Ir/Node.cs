namespace Sluice.Tensors.Ir;

/// <summary>One SSA value: an op applied to earlier nodes. Dims are the traced (capacity) shape.</summary>
internal sealed class Node
{
    public Node(int id, Op op, OpParams? parameters, Node[] inputs, DType type, int[] dims)
    {
        Id = id;
        Op = op;
        Params = parameters;
        Inputs = inputs;
        DType = type;
        Dims = dims;
    }

    public int Id { get; set; }
    public Op Op { get; }
    public OpParams? Params { get; }
    public Node[] Inputs { get; }
    public DType DType { get; }
    public int[] Dims { get; }

    public int ElementCount => Shape.Count(Dims);

    public bool IsLeaf => Op is Op.Input or Op.Const or Op.Variable;

    public override string ToString() => $"%{Id}";
}
