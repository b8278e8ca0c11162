// ShipIt through TorchSharp (LibTorch CPU): builds nn.Sequential(Linear(8,12), ReLU, Linear(12,1),
// Sigmoid), loads pima.safetensors from the app's base directory and prints the probability for
// the 8 Pima numbers given as arguments.
//   ShipIt.TorchSharp 6 148 72 35 0 33.6 0.627 50
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

if (PimaArguments.Parse(args, "ShipIt.TorchSharp") is not { } x) return 2;

// One thread: a single 8-12-1 prediction gains nothing from a pool, and starting one costs time.
torch.set_num_threads(1);
var weights = SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "pima.safetensors"));

var dense = nn.Linear(8, 12);
var dense1 = nn.Linear(12, 1);
using (torch.no_grad())
{
    Load(dense, weights, "dense", 8, 12);
    Load(dense1, weights, "dense_1", 12, 1);
}
var model = nn.Sequential(dense, nn.ReLU(), dense1, nn.Sigmoid());
model.eval();

using (torch.no_grad())
{
    using var input = torch.tensor(x, [1, 8]);
    using var output = model.forward(input);
    var p = output.item<float>();
    Console.WriteLine(p.ToString("0.000000", CultureInfo.InvariantCulture));
}
return 0;

// Keras kernel (in, units), row-major -> nn.Linear weight (out, in).
static void Load(TorchSharp.Modules.Linear linear, Dictionary<string, (long[] Shape, float[] Data)> weights,
    string prefix, int inputs, int units)
{
    var (kernelShape, kernel) = SafeTensors.Get(weights, prefix + "/kernel", [inputs, units]);
    var (_, bias) = SafeTensors.Get(weights, prefix + "/bias", [units]);
    using var k = torch.tensor(kernel, kernelShape);
    using var kt = k.t();
    linear.weight!.copy_(kt);
    using var b = torch.tensor(bias, [units]);
    linear.bias!.copy_(b);
}

/// <summary>
/// Minimal safetensors reader for F32 tensors: u64 LE header length N, N bytes of JSON header
/// (name → {"dtype","shape","data_offsets":[begin,end]}, offsets relative to the data section that
/// follows; optional "__metadata__"), then raw little-endian float32 data.
/// </summary>
static class SafeTensors
{
    public static Dictionary<string, (long[] Shape, float[] Data)> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
            throw new InvalidDataException($"{path}: too short for a safetensors header");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
            throw new InvalidDataException($"{path}: header length {headerLength} runs past the end of the file");
        var dataStart = 8 + (int)headerLength;
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var tensors = new Dictionary<string, (long[], float[])>();
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
                continue;
            var dtype = entry.Value.GetProperty("dtype").GetString();
            if (dtype != "F32")
                throw new InvalidDataException($"{path}: tensor {entry.Name} is {dtype}, expected F32");
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var count = shape.Aggregate(1L, (a, d) => a * d);
            if (offsets.Length != 2 || offsets[1] - offsets[0] != 4 * count || dataStart + offsets[1] > bytes.Length)
                throw new InvalidDataException($"{path}: tensor {entry.Name} has bad data_offsets for shape [{string.Join(",", shape)}]");
            var data = new float[count];
            var span = bytes.AsSpan(dataStart + (int)offsets[0], (int)(4 * count));
            for (var i = 0; i < data.Length; i++)
                data[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]);
            tensors[entry.Name] = (shape, data);
        }
        return tensors;
    }

    public static (long[] Shape, float[] Data) Get(Dictionary<string, (long[] Shape, float[] Data)> tensors, string name, long[] shape)
    {
        if (!tensors.TryGetValue(name, out var t))
            throw new InvalidDataException($"tensor {name} is missing (has {string.Join(", ", tensors.Keys)})");
        if (!t.Shape.SequenceEqual(shape))
            throw new InvalidDataException($"tensor {name} has shape [{string.Join(",", t.Shape)}], expected [{string.Join(",", shape)}]");
        return t;
    }
}
