using System.Buffers.Binary;
using System.Text;

namespace Unroll;

/// <summary>
/// A restricted unpickler for exactly what NumPy writes for a one-dimensional object array of
/// integer lists (<c>np.save</c> of IMDB's and Reuters' ragged sequences, pickle protocols 2–5):
/// <c>numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b')</c> with the state
/// <c>(1, shape, dtype('O8'), False, [list, list, …])</c>. Like Keras's own loader it allows only the
/// globals <c>numpy.ndarray</c>, <c>numpy.dtype</c> and <c>_reconstruct</c> (from <c>numpy.core</c> or
/// <c>numpy._core</c>), and never calls anything: they are recognised, not run. Every other opcode,
/// global or shape is an <see cref="InvalidDataException"/> naming it.
/// </summary>
internal static class PickledSequences
{
    private static readonly HashSet<(string, string)> AllowedGlobals =
    [
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    ];

    private sealed record Global(string Module, string Name);
    private sealed record Call(Global Function, object?[] Arguments) { public object? State; }
    private sealed class Mark { public static readonly Mark Instance = new(); }

    public static int[][] Read(Stream stream, string name)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Read(memory.GetBuffer().AsSpan(0, (int)memory.Length), name);
    }

    internal static int[][] Read(ReadOnlySpan<byte> pickle, string name)
    {
        object? result = Run(pickle, name);
        return ToSequences(result, name);
    }

    private static object? Run(ReadOnlySpan<byte> data, string name)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        int at = 0;

        InvalidDataException Error(string problem) => new($"{name}: the pickled object array is not understood at byte {at}: {problem}.");
        ReadOnlySpan<byte> Take(ReadOnlySpan<byte> all, int n)
        {
            if (n < 0 || at + n > all.Length) throw Error("the data ends early");
            ReadOnlySpan<byte> bytes = all.Slice(at, n);
            at += n;
            return bytes;
        }
        object? Pop()
        {
            if (stack.Count == 0 || stack[^1] is Mark) throw Error("the stack is empty");
            object? top = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return top;
        }
        object?[] PopToMark()
        {
            int mark = stack.FindLastIndex(o => o is Mark);
            if (mark < 0) throw Error("no MARK");
            object?[] items = [.. stack.Skip(mark + 1)];
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }
        List<object?> TopList()
        {
            if (stack.Count == 0 || stack[^1] is not List<object?> list) throw Error("APPEND to something that is not a list");
            return list;
        }
        string Line(ReadOnlySpan<byte> all)
        {
            int end = all[at..].IndexOf((byte)'\n');
            if (end < 0) throw Error("a GLOBAL line is not closed");
            string line = Encoding.ASCII.GetString(all.Slice(at, end));
            at += end + 1;
            return line;
        }
        Global Allowed(string module, string global)
            => AllowedGlobals.Contains((module, global)) ? new Global(module, global)
                : throw Error($"the global {module}.{global} is refused; only numpy.ndarray, numpy.dtype and numpy.core.multiarray._reconstruct may appear in a dataset file");

        while (true)
        {
            if (at >= data.Length) throw Error("no STOP opcode");
            byte op = data[at++];
            switch (op)
            {
                case 0x80: // PROTO
                    byte protocol = Take(data, 1)[0];
                    if (protocol is < 2 or > 5) throw Error($"pickle protocol {protocol} is not supported (2–5 are)");
                    break;
                case 0x95: Take(data, 8); break;       // FRAME: a length hint only
                case (byte)'.': return stack.Count == 1 ? stack[0] : throw Error($"STOP with {stack.Count} objects on the stack");
                case (byte)'(': stack.Add(Mark.Instance); break;
                case (byte)']': stack.Add(new List<object?>()); break;
                case (byte)')': stack.Add(Array.Empty<object?>()); break;
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;     // NEWTRUE
                case 0x89: stack.Add(false); break;    // NEWFALSE
                case (byte)'K': stack.Add((long)Take(data, 1)[0]); break;                                  // BININT1
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(data, 2))); break; // BININT2
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(data, 4))); break;  // BININT
                case 0x8a: // LONG1: a little-endian two's complement integer of n bytes
                {
                    int n = Take(data, 1)[0];
                    if (n > 8) throw Error($"an integer of {n} bytes is too large");
                    ReadOnlySpan<byte> bytes = Take(data, n);
                    long value = 0;
                    for (int i = n - 1; i >= 0; i--) value = (value << 8) | bytes[i];
                    if (n is > 0 and < 8 && (bytes[n - 1] & 0x80) != 0) value -= 1L << (8 * n);
                    stack.Add(value);
                    break;
                }
                case (byte)'t': stack.Add(PopToMark()); break;          // TUPLE
                case 0x85: stack.Add(new[] { Pop() }); break;           // TUPLE1
                case 0x86: { object? b = Pop(), a = Pop(); stack.Add(new[] { a, b }); break; }            // TUPLE2
                case 0x87: { object? c = Pop(), b = Pop(), a = Pop(); stack.Add(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'a': { object? item = Pop(); TopList().Add(item); break; }                  // APPEND
                case (byte)'e': { object?[] items = PopToMark(); TopList().AddRange(items); break; }   // APPENDS
                case (byte)'q': memo[Take(data, 1)[0]] = Peek(); break;                                 // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(data, 4))] = Peek(); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = Peek(); break;                                            // MEMOIZE
                case (byte)'h': stack.Add(Recall(Take(data, 1)[0])); break;                             // BINGET
                case (byte)'j': stack.Add(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(data, 4)))); break; // LONG_BINGET
                case 0x8c: stack.Add(Encoding.UTF8.GetString(Take(data, Take(data, 1)[0]))); break;   // SHORT_BINUNICODE
                case (byte)'X': stack.Add(Encoding.UTF8.GetString(Take(data, Length32(Take(data, 4))))); break; // BINUNICODE
                case (byte)'C' or (byte)'U': stack.Add(Take(data, Take(data, 1)[0]).ToArray()); break; // SHORT_BINBYTES, SHORT_BINSTRING
                case (byte)'B' or (byte)'T': stack.Add(Take(data, Length32(Take(data, 4))).ToArray()); break; // BINBYTES, BINSTRING
                case (byte)'c': { string module = Line(data); stack.Add(Allowed(module, Line(data))); break; } // GLOBAL
                case 0x93: // STACK_GLOBAL
                {
                    object? global = Pop(), module = Pop();
                    if (module is not string m || global is not string g) throw Error("STACK_GLOBAL without two names");
                    stack.Add(Allowed(m, g));
                    break;
                }
                case (byte)'R': // REDUCE: recorded, never called
                {
                    object? arguments = Pop(), function = Pop();
                    if (function is not Global f || arguments is not object?[] args) throw Error("REDUCE of something that is not an allowed global with a tuple");
                    stack.Add(new Call(f, args));
                    break;
                }
                case (byte)'b': // BUILD: the state of a reconstructed array or dtype
                {
                    object? state = Pop();
                    if (stack.Count == 0 || stack[^1] is not Call call || call.State is not null) throw Error("BUILD on something that is not a fresh numpy object");
                    call.State = state;
                    break;
                }
                default:
                    throw Error($"opcode 0x{op:x2} ('{(char)op}') is not one NumPy uses for an object array of integer lists");
            }
        }

        object? Peek() => stack.Count > 0 && stack[^1] is not Mark ? stack[^1] : throw Error("PUT with an empty stack");
        object? Recall(long key) => memo.TryGetValue(key, out object? value) ? value : throw Error($"GET of memo {key}, which was never PUT");
        int Length32(ReadOnlySpan<byte> bytes)
        {
            uint n = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            return n <= int.MaxValue ? (int)n : throw Error($"a length of {n} bytes");
        }
    }

    // _reconstruct(ndarray, (0,), b'b') built with (1, (n,), dtype('O8', False, True), False, [lists]).
    private static int[][] ToSequences(object? result, string name)
    {
        InvalidDataException Error(string problem) => new($"{name}: expected a pickled one-dimensional object array of integer lists, but {problem}.");
        if (result is not Call { Function.Name: "_reconstruct" } array || array.Arguments is not [Global { Name: "ndarray" }, ..])
            throw Error("the pickle does not rebuild an ndarray");
        if (array.State is not object?[] { Length: 5 } state || state[0] is not long || state[1] is not object?[] shape)
            throw Error("the array's state is not (version, shape, dtype, fortran, data)");
        if (state[2] is not Call { Function.Name: "dtype" } dtype || dtype.Arguments is not [string kind, ..] || !kind.StartsWith('O'))
            throw Error("the dtype is not object ('O8')");
        if (shape is not [long length] || state[4] is not List<object?> items || items.Count != length)
            throw Error($"the shape is ({string.Join(", ", shape)}) with {(state[4] as List<object?>)?.Count} items; expected one dimension holding that many lists");
        var sequences = new int[items.Count][];
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not List<object?> list) throw Error($"element {i} is {Describe(items[i])}, not a list");
            var sequence = new int[list.Count];
            for (int j = 0; j < list.Count; j++)
                sequence[j] = list[j] is long v && v is >= int.MinValue and <= int.MaxValue
                    ? (int)v : throw Error($"element {i}, item {j} is {Describe(list[j])}, not a 32-bit integer");
            sequences[i] = sequence;
        }
        return sequences;
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        long v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string s => $"the string '{s}'",
        _ => $"a {value.GetType().Name}",
    };
}
