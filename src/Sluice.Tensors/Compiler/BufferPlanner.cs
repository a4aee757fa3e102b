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
            root[i] = OpKinds.IsView(order[i].Op) ? root[index[order[i].Inputs[0]]] : i;

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
            if (!node.IsLeaf && !OpKinds.IsView(node.Op))
            {
                int need = Math.Max(1, node.ElementCount), best = -1;
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
}
