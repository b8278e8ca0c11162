using System.Runtime.InteropServices;

namespace Unroll;

public abstract partial class Model
{
    /// <summary>
    /// Writes the weights to a safetensors file (Keras <c>save_weights</c>): one float32 tensor per
    /// parameter with its Keras name and layout (<c>dense/kernel</c> is (inputs, units)), trainable
    /// or not (moving statistics are weights too), in buffer order. The file
    /// is written beside the target and renamed into place, so a crash never leaves half a file.
    /// </summary>
    public void SaveWeights(string path)
    {
        using UseScope use = EnterUse();
        RefuseNonFiniteWeights(path, includeOptimizer: false);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = WeightFormat.Weights,
            ["network"] = Name,
        };
        AtomicFile.Write(path, stream => WriteTensors(stream, metadata, includeOptimizer: false));
    }

    /// <summary>
    /// Reads weights saved by <see cref="SaveWeights"/> (or any safetensors file with this
    /// network's tensor names and shapes), or a TensorFlow.js layers model (<c>model.json</c> with
    /// its <c>.bin</c> shards beside it). Every tensor is checked before any weight changes: on a
    /// bad file the network keeps the weights it had and a <see cref="WeightFileException"/> says
    /// what is wrong. A file Unroll wrote carries a CRC-32 of itself and is refused when damaged.
    /// </summary>
    public void LoadWeights(string path)
    {
        using UseScope use = EnterUse();
        ThrowIfShared("load weights");
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_parameters is null) throw ReadOnlyWeights();
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            TensorFlowJsWeights.Load(this, path);
            return;
        }
        byte[] file = SafeTensors.ReadFile(path);
        LoadWeights(file, path);
    }

    /// <summary>Reads weights from safetensors bytes in memory (e.g. a resource); <paramref name="source"/> names them in errors.</summary>
    public void LoadWeights(ReadOnlySpan<byte> safetensors, string source = "weights")
    {
        using UseScope use = EnterUse();
        ThrowIfShared("load weights");
        if (_parameters is null) throw ReadOnlyWeights();
        SafeTensorsHeader header = SafeTensors.ReadHeader(safetensors, source);
        SafeTensors.CheckChecksum(safetensors, header, source);
        var placed = MatchTensors(header, source, ParameterTensors, prefix: "", allowOthers: header.Metadata.GetValueOrDefault("format") == WeightFormat.Model);
        CheckValues(safetensors, placed, source);
        CopyTensors(safetensors, placed, ParameterTensors, WritableParameters);
    }

    // Maps the weights in place when every tensor sits where the parameter buffer has it, back to
    // back from the start of the data, 4-byte aligned, on a little-endian host (the file's byte
    // order); false (nothing changed) otherwise.
    private unsafe bool TryMapWeights(ReadOnlySpan<byte> file, byte* start, string source)
    {
        if (!BitConverter.IsLittleEndian) return false;
        SafeTensorsHeader header = SafeTensors.ReadHeader(file, source);
        IReadOnlyList<ParameterTensor> mine = ParameterTensors;
        SafeTensor[] placed = MatchTensors(header, source, mine, prefix: "", allowOthers: false);
        if (placed.Length == 0) return false;
        // Where offset 0 would lie in the file (ParameterTensors is in Keras order, which need not start there).
        long origin = placed[0].Start - 4L * mine[0].Offset;
        for (int i = 0; i < placed.Length; i++)
            if (placed[i].Start != origin + 4L * mine[i].Offset) return false;
        if (origin < 0 || origin + 4L * _parameterCount > file.Length || ((nint)(start + origin) & 3) != 0) return false;
        CheckValues(file, placed, source);
        _mappedWeights = (float*)(start + origin);
        return true;
    }

    /// <summary>
    /// A diverged network (NaN or infinite weights) is never written: the file it would replace is
    /// usually the last good checkpoint, and no loader would read the result back.
    /// </summary>
    private void RefuseNonFiniteWeights(string path, bool includeOptimizer)
    {
        if (NonFiniteState(path, includeOptimizer) is string message) throw new InvalidOperationException(message);
    }

    /// <summary>Why <see cref="Save"/> or <see cref="SaveWeights"/> would refuse to write <paramref name="path"/> now, or null when they would write it.</summary>
    internal string? NonFiniteState(string path, bool includeOptimizer)
    {
        ReadOnlySpan<float> weights = Weights;
        int bad = DataChecks.IndexOfNonFinite(weights);
        if (bad >= 0)
        {
            ParameterTensor tensor = ParameterTensors.First(t => t.Offset <= bad && bad < t.End);
            return $"{Name}: weight '{tensor.Name}' holds {weights[bad]} at index {bad - tensor.Offset}; training has diverged, so nothing was written and '{path}' is unchanged. Lower the learning rate or scale the inputs, and train again from a good file.";
        }
        if (includeOptimizer && _optimizer is { } optimizer)
            foreach (OptimizerSlot slot in optimizer.StateSlots)
                if (DataChecks.IndexOfNonFinite(slot.Values) is int at and >= 0)
                    return $"{Name}: the optimizer's '{slot.Name}' state holds {slot.Values[at]} at index {at}; training has diverged, so nothing was written and '{path}' is unchanged.";
        return null;
    }

    // Writes the weights, and with includeOptimizer the optimizer's state slots after them: one
    // tensor per trainable weight in each slot, since the optimizer has state for those only.
    private void WriteTensors(Stream stream, IReadOnlyDictionary<string, string> metadata, bool includeOptimizer)
    {
        var tensors = new List<(string, IReadOnlyList<int>)>();
        foreach (ParameterTensor t in Layout.InBufferOrder) tensors.Add((t.Name, t.Shape));
        IReadOnlyList<OptimizerSlot> slots = includeOptimizer && _optimizer is { } o ? o.StateSlots : [];
        foreach (OptimizerSlot slot in slots)
            foreach (ParameterTensor t in Layout.TrainableInBufferOrder)
                tensors.Add((WeightFormat.OptimizerPrefix + slot.Name + "/" + t.Name, t.Shape));
        // Tensors are packed in buffer order, so each block is the buffer itself (a slot: its trainable prefix).
        SafeTensors.Write(stream, tensors, metadata, Weights, slots.Select(slot => slot.Values));
    }

    /// <summary>
    /// Finds each of <paramref name="mine"/> (under <paramref name="prefix"/>) in the header and checks
    /// its shape; with <paramref name="allowOthers"/> false, a tensor the network lacks is an error.
    /// Returns the file tensor for each of <paramref name="mine"/>, in its order.
    /// </summary>
    private SafeTensor[] MatchTensors(SafeTensorsHeader header, string source, IReadOnlyList<ParameterTensor> mine, string prefix, bool allowOthers)
    {
        var placed = new SafeTensor[mine.Count];
        for (int i = 0; i < mine.Count; i++)
        {
            ParameterTensor want = mine[i];
            SafeTensor found = header.Find(prefix + want.Name) ?? throw new WeightFileException(source,
                $"tensor '{prefix + want.Name}' {Shape(want.Shape)} of {Name} is missing; the file holds {Describe(header)}.");
            if (!found.Shape.AsSpan().SequenceEqual(want.Dimensions))
                throw new WeightFileException(source,
                    $"tensor '{found.Name}' has shape {found.ShapeText} in the file but {Shape(want.Shape)} in {Name}: a different architecture.");
            placed[i] = found;
        }
        if (!allowOthers)
            foreach (SafeTensor t in header.Tensors)
                if (Array.TrueForAll(placed, p => p.Name != t.Name))
                    throw new WeightFileException(source,
                        $"the file holds tensor '{t.Name}' {t.ShapeText}, which {Name} does not have: it was saved from a different architecture ({header.Tensors.Count} tensors; {Name} has {mine.Count}).");
        return placed;
    }

    // Checks every tensor's values (finite) where they lie in the file, so that nothing changes
    // until the whole file has passed and the weights are then copied once, straight into place.
    private static void CheckValues(ReadOnlySpan<byte> file, SafeTensor[] placed, string source)
    {
        float[]? scratch = null; // only big-endian hosts decode before checking
        foreach (SafeTensor tensor in placed)
        {
            ReadOnlySpan<byte> bytes = file[(int)tensor.Start..(int)tensor.End];
            ReadOnlySpan<float> values;
            if (BitConverter.IsLittleEndian) values = MemoryMarshal.Cast<byte, float>(bytes);
            else
            {
                scratch = new float[tensor.Count];
                SafeTensors.ReadFloats(bytes, scratch);
                values = scratch;
            }
            int bad = DataChecks.IndexOfNonFinite(values);
            if (bad >= 0)
                throw new WeightFileException(source, $"tensor '{tensor.Name}' holds {values[bad]} at index {bad}; weights must be finite.");
        }
    }

    // Copies checked tensors (placed[i] holding mine[i]) into a buffer laid out like Parameters.
    private static void CopyTensors(ReadOnlySpan<byte> file, SafeTensor[] placed, IReadOnlyList<ParameterTensor> mine, Span<float> target)
    {
        for (int i = 0; i < placed.Length; i++)
            SafeTensors.ReadFloats(file[(int)placed[i].Start..(int)placed[i].End], target.Slice(mine[i].Offset, mine[i].Length));
    }

    private static string Shape(IReadOnlyList<int> shape) => "(" + string.Join(", ", shape) + ")";

    private static string Describe(SafeTensorsHeader header)
    {
        if (header.Tensors.Count == 0) return "no tensors";
        IEnumerable<string> names = header.Tensors.Take(8).Select(t => $"'{t.Name}'");
        return string.Join(", ", names) + (header.Tensors.Count > 8 ? $" and {header.Tensors.Count - 8} more" : "");
    }
}
