namespace Sluice.Tensors.Compiler;

/// <summary>
/// Assigns every computed value a storage slot, reusing a slot once its last reader has run (liveness over the step
/// order). Views (reshape) share their source's slot and extend its life; graph outputs are never reused.
/// Slots are sized for the largest (capacity) value they hold and allocated once.
/// </summary>
internal static class BufferPlanner
{
    /// <summary>Slot per node index (-1 for leaves and views) and the slot arrays.</summary>
    public static (int[] SlotOf, Array[] Slots) Plan(IReadOnlyList<Node> order, IReadOnlyList<Node> outputs, bool reuse)
    {
        var index = new Dictionary<Node, int>();
        for (int i = 0; i < order.Count; i++) index[order[i]] = i;

        // The storage root of each value: views point at what they view.
        var root = new int[order.Count];
        for (int i = 0; i < order.Count; i++)
            root[i] = OpKinds.IsView(order[i].Op, order[i].Params) ? root[index[order[i].Inputs[0]]] : i;

        var lastUse = new int[order.Count];
        for (int i = 0; i < order.Count; i++) lastUse[i] = i;
        for (int i = 0; i < order.Count; i++)
            foreach (var input in order[i].Inputs)
            {
                int r = root[index[input]];
                lastUse[r] = Math.Max(lastUse[r], i);
            }
        foreach (var output in outputs) lastUse[root[index[output]]] = int.MaxValue;

        var slotOf = new int[order.Count];
        Array.Fill(slotOf, -1);
        var slotType = new List<DType>();
        var slotSize = new List<int>();
        var free = new List<int>();
        var releaseAt = new Dictionary<int, List<int>>();
        for (int i = 0; i < order.Count; i++)
        {
            var node = order[i];
            if (!node.IsLeaf && !OpKinds.IsView(node.Op, node.Params))
            {
                int need = Math.Max(1, node.ElementCount), best = -1;
                int inPlace = reuse ? InPlaceSource(node, i, index, lastUse, slotOf) : -1;
                if (inPlace >= 0)
                {
                    // Elementwise kernels read element i before writing element i: the dying input's slot is the output's.
                    slotOf[i] = inPlace;
                    RemovePendingRelease(releaseAt, i, inPlace);
                    int until = lastUse[i];
                    if (until == i) free.Add(inPlace);
                    else if (until != int.MaxValue)
                    {
                        if (!releaseAt.TryGetValue(until, out var pending)) releaseAt[until] = pending = [];
                        pending.Add(inPlace);
                    }
                    if (releaseAt.TryGetValue(i, out var releasedNow)) free.AddRange(releasedNow);
                    continue;
                }
                foreach (int s in free)
                {
                    if (slotType[s] != node.DType) continue;
                    // Best fit: the smallest slot that is big enough, else the biggest one (it will grow).
                    if (best < 0) best = s;
                    else if (slotSize[s] >= need ? slotSize[best] < need || slotSize[s] < slotSize[best] : slotSize[best] < need && slotSize[s] > slotSize[best]) best = s;
                }
                if (best < 0)
                {
                    best = slotType.Count;
                    slotType.Add(node.DType);
                    slotSize.Add(need);
                }
                else free.Remove(best);
                slotSize[best] = Math.Max(slotSize[best], need);
                slotOf[i] = best;
                int end = reuse ? lastUse[i] : int.MaxValue;
                if (end == i) free.Add(best);
                else if (end != int.MaxValue)
                {
                    if (!releaseAt.TryGetValue(end, out var list)) releaseAt[end] = list = [];
                    list.Add(best);
                }
            }
            if (releaseAt.TryGetValue(i, out var released)) free.AddRange(released);
        }
        var slots = new Array[slotType.Count];
        for (int s = 0; s < slots.Length; s++) slots[s] = DTypes.Allocate(slotType[s], slotSize[s]);
        return (slotOf, slots);
    }

    /// <summary>
    /// The slot of an input this elementwise node may overwrite: a computed (non-view) value of the same type and
    /// element count whose last reader is this node. -1 when none.
    /// </summary>
    private static int InPlaceSource(Node node, int at, Dictionary<Node, int> index, int[] lastUse, int[] slotOf)
    {
        if (!OpKinds.IsElementwise(node.Op) && node.Op != Op.Fused) return -1;
        if (OpKinds.IsComparison(node.Op)) return -1;   // bool output, f32 inputs
        foreach (var input in node.Inputs)
        {
            int k = index[input];
            if (input.IsLeaf || OpKinds.IsView(input.Op, input.Params) || slotOf[k] < 0 || lastUse[k] != at) continue;
            if (input.DType != node.DType || !input.Dims.AsSpan().SequenceEqual(node.Dims)) continue;
            return slotOf[k];
        }
        return -1;
    }

    private static void RemovePendingRelease(Dictionary<int, List<int>> releaseAt, int at, int slot)
    {
        if (releaseAt.TryGetValue(at, out var list)) list.Remove(slot);
    }
}
