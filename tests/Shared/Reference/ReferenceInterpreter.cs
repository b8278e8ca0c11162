namespace Unroll.Testing.Reference;

/// <summary>
/// A slow, obviously correct float64 interpreter of a <see cref="NetworkCase"/> with Keras
/// semantics, written from the Keras definitions and sharing no code with the generator or the
/// runtime: plain loops over <see cref="Tape"/> scalars, samples row-major, parameters in Keras
/// order and layout. Gradients come from the tape, never from a hand-written backward pass.
/// </summary>
internal sealed class ReferenceInterpreter(NetworkCase network)
{
    private const double Epsilon = 1e-7; // keras.backend.epsilon()

    /// <summary>The result of one pass: outputs, the loss, d loss / d parameter, and whether a near tie made it ambiguous.</summary>
    public sealed record Result(double[] Outputs, double Loss, double[] Gradients, bool NearTie);

    /// <summary>
    /// Runs <paramref name="batch"/> samples. <paramref name="masks"/> holds, per layer index, the
    /// dropout multipliers the network drew for this batch (training), or nothing (inference: identity).
    /// Without <paramref name="labels"/> only the outputs are computed.
    /// </summary>
    public Result Run(double[] parameters, float[] inputs, float[]? labels, int batch, IReadOnlyDictionary<int, float[]>? masks)
    {
        var tape = new Tape();
        int[] p = [.. parameters.Select(tape.Constant)];
        int inputSize = network.Input.Aggregate(1, (a, d) => a * d);
        int offset = 0;
        var outputs = new List<int>();
        for (int s = 0; s < batch; s++)
        {
            int[] x = [.. inputs.AsSpan(s * inputSize, inputSize).ToArray().Select(v => tape.Constant(v))];
            int[] shape = network.Input;
            offset = 0;
            for (int l = 0; l < network.Layers.Length; l++)
            {
                float[]? mask = masks is not null && masks.TryGetValue(l, out float[]? m) ? m : null;
                x = Layer(tape, network.Layers[l], shape, network.Shapes[l], x, p, ref offset, mask, s);
                shape = network.Shapes[l];
            }
            outputs.AddRange(x);
        }
        if (offset != parameters.Length)
            throw new InvalidOperationException($"The reference uses {offset} parameters, the network has {parameters.Length}.");
        double[] values = [.. outputs.Select(tape.Value)];
        if (labels is null) return new Result(values, double.NaN, [], tape.NearTie);
        int loss = tape.Add(Loss(tape, [.. outputs], labels, network.OutputShape[^1]), Penalty(tape, p));
        double[] grad = tape.Backward(loss);
        return new Result(values, tape.Value(loss), [.. p.Select(n => grad[n])], tape.NearTie);
    }

    /// <summary>Keras kernel_regularizer L2: factor · Σ w² over each regularised kernel, added to the loss once per batch.</summary>
    private int Penalty(Tape t, int[] p)
    {
        int penalty = t.Constant(0), offset = 0;
        int[] shape = network.Input;
        for (int l = 0; l < network.Layers.Length; l++)
        {
            (float l2, int kernel, int total) = network.Layers[l] switch
            {
                DenseCase d => (d.L2, shape[^1] * d.Units, shape[^1] * d.Units + (d.UseBias ? d.Units : 0)),
                ConvCase c => (c.L2, c.KernelHeight * c.KernelWidth * Channels(c, shape) * c.Filters, c.KernelHeight * c.KernelWidth * Channels(c, shape) * c.Filters + (c.UseBias ? c.Filters : 0)),
                EmbeddingCase e => (0f, 0, e.InputDim * e.OutputDim),
                LstmCase lstm => (0f, 0, 4 * lstm.Units * (shape[1] + lstm.Units + (lstm.UseBias ? 1 : 0))),
                _ => (0f, 0, 0),
            };
            for (int i = 0; i < kernel && l2 != 0; i++)
                penalty = t.Add(penalty, t.Scale(t.Mul(p[offset + i], p[offset + i]), l2));
            offset += total;
            shape = network.Shapes[l];
        }
        return penalty;
    }

    private static int Channels(ConvCase c, int[] shape) => c.Rank == 1 ? shape[1] : c.ChannelsFirst ? shape[0] : shape[2];

    private static int[] Layer(Tape t, LayerCase layer, int[] inShape, int[] outShape, int[] x, int[] p, ref int offset, float[]? mask, int sample)
    {
        switch (layer)
        {
            case DenseCase d:
                {
                    int inputs = inShape[^1], rows = x.Length / inputs;
                    int kernel = offset, bias = offset + inputs * d.Units;
                    offset += inputs * d.Units + (d.UseBias ? d.Units : 0);
                    var y = new int[rows * d.Units];
                    for (int r = 0; r < rows; r++)
                        for (int j = 0; j < d.Units; j++)
                        {
                            int z = d.UseBias ? p[bias + j] : t.Constant(0);
                            for (int k = 0; k < inputs; k++) z = t.Add(z, t.Mul(x[r * inputs + k], p[kernel + k * d.Units + j]));
                            y[r * d.Units + j] = z;
                        }
                    return Activate(t, d.Activation, y, d.Units);
                }
            case ActivationCase a:
                return Activate(t, a.Function, x, inShape[^1]);
            case FlattenCase:
                return x;
            case DropoutCase:
                if (mask is null) return x;
                return [.. x.Select((n, i) => t.Scale(n, mask[sample * x.Length + i]))];
            case EmbeddingCase e:
                {
                    int table = offset;
                    offset += e.InputDim * e.OutputDim;
                    var y = new int[x.Length * e.OutputDim];
                    for (int step = 0; step < x.Length; step++)
                    {
                        int id = (int)t.Value(x[step]);
                        for (int j = 0; j < e.OutputDim; j++) y[step * e.OutputDim + j] = p[table + id * e.OutputDim + j];
                    }
                    return y;
                }
            case LstmCase lstm:
                return Lstm(t, lstm, inShape, x, p, ref offset);
            case ConvCase c:
                return Conv(t, c, inShape, outShape, x, p, ref offset);
            case PoolCase pool:
                return Pool(t, pool, inShape, outShape, x);
            default:
                throw new ArgumentException(layer.ToString());
        }
    }

    private static int[] Activate(Tape t, Activation activation, int[] z, int lastAxis)
    {
        switch (activation)
        {
            case Activation.Linear: return z;
            case Activation.ReLU: return [.. z.Select(t.Relu)];
            case Activation.Sigmoid: return [.. z.Select(t.Sigmoid)];
            case Activation.Tanh: return [.. z.Select(t.Tanh)];
            case Activation.Softmax:
                {
                    // exp(z − max) / Σ exp(z − max) over each row of the last axis (the max is a constant shift).
                    var y = new int[z.Length];
                    for (int r = 0; r < z.Length; r += lastAxis)
                    {
                        double max = double.NegativeInfinity;
                        for (int j = 0; j < lastAxis; j++) max = Math.Max(max, t.Value(z[r + j]));
                        int shift = t.Constant(max);
                        int[] e = [.. Enumerable.Range(0, lastAxis).Select(j => t.Exp(t.Sub(z[r + j], shift)))];
                        int sum = t.Sum(e);
                        for (int j = 0; j < lastAxis; j++) y[r + j] = t.Div(e[j], sum);
                    }
                    return y;
                }
            default: throw new ArgumentException(activation.ToString());
        }
    }

    /// <summary>Keras LSTM: z = x·W + h·U + b, gates i, f, c, o; c = f⊙c + i⊙act(z_c); h = o⊙act(c).</summary>
    private static int[] Lstm(Tape t, LstmCase lstm, int[] inShape, int[] x, int[] p, ref int offset)
    {
        int steps = inShape[0], features = inShape[1], u = lstm.Units, g = 4 * u;
        int w = offset, rec = offset + features * g, bias = rec + u * g;
        offset = bias + (lstm.UseBias ? g : 0);
        int[] h = [.. Enumerable.Repeat(0, u).Select(_ => t.Constant(0))];
        int[] c = [.. h];
        var sequence = new List<int>();
        for (int step = 0; step < steps; step++)
        {
            var z = new int[g];
            for (int j = 0; j < g; j++)
            {
                int sum = lstm.UseBias ? p[bias + j] : t.Constant(0);
                for (int k = 0; k < features; k++) sum = t.Add(sum, t.Mul(x[step * features + k], p[w + k * g + j]));
                for (int k = 0; k < u; k++) sum = t.Add(sum, t.Mul(h[k], p[rec + k * g + j]));
                z[j] = sum;
            }
            int[] Gate(int n, Activation a) => Activate(t, a, z[(n * u)..((n + 1) * u)], u);
            int[] i = Gate(0, lstm.RecurrentActivation), f = Gate(1, lstm.RecurrentActivation), candidate = Gate(2, lstm.Activation), o = Gate(3, lstm.RecurrentActivation);
            c = [.. Enumerable.Range(0, u).Select(k => t.Add(t.Mul(f[k], c[k]), t.Mul(i[k], candidate[k])))];
            int[] activated = Activate(t, lstm.Activation, c, u);
            h = [.. Enumerable.Range(0, u).Select(k => t.Mul(o[k], activated[k]))];
            sequence.AddRange(h);
        }
        return lstm.ReturnSequences ? [.. sequence] : h;
    }

    /// <summary>(height, width, channels) and the index of a cell in the layer's data format; a 1D layer is height 1.</summary>
    private static (int H, int W, int C, Func<int, int, int, int> Index) Image(int[] shape, int rank, bool channelsFirst)
    {
        if (rank == 1) return (1, shape[0], shape[1], (r, col, ch) => col * shape[1] + ch);
        if (channelsFirst) return (shape[1], shape[2], shape[0], (r, col, ch) => (ch * shape[1] + r) * shape[2] + col);
        return (shape[0], shape[1], shape[2], (r, col, ch) => (r * shape[1] + col) * shape[2] + ch);
    }

    /// <summary>Keras (TensorFlow) padding: "same" pads max((out − 1)·s + k − n, 0) in total, the smaller half before.</summary>
    private static int PadBefore(int size, int window, int stride, int output, Padding padding)
        => padding == Padding.Valid ? 0 : Math.Max((output - 1) * stride + window - size, 0) / 2;

    private static int[] Conv(Tape t, ConvCase conv, int[] inShape, int[] outShape, int[] x, int[] p, ref int offset)
    {
        var (h, w, ch, inIndex) = Image(inShape, conv.Rank, conv.ChannelsFirst);
        var (oh, ow, filters, outIndex) = Image(outShape, conv.Rank, conv.ChannelsFirst);
        int kernel = offset, bias = offset + conv.KernelHeight * conv.KernelWidth * ch * filters;
        offset = bias + (conv.UseBias ? filters : 0);
        int top = PadBefore(h, conv.KernelHeight, conv.StrideHeight, oh, conv.Padding);
        int left = PadBefore(w, conv.KernelWidth, conv.StrideWidth, ow, conv.Padding);
        var y = new int[oh * ow * filters];
        for (int r = 0; r < oh; r++)
            for (int col = 0; col < ow; col++)
                for (int f = 0; f < filters; f++)
                {
                    int z = conv.UseBias ? p[bias + f] : t.Constant(0);
                    for (int i = 0; i < conv.KernelHeight; i++)
                        for (int j = 0; j < conv.KernelWidth; j++)
                        {
                            int row = r * conv.StrideHeight + i - top, column = col * conv.StrideWidth + j - left;
                            if (row < 0 || row >= h || column < 0 || column >= w) continue; // zero padding
                            for (int c = 0; c < ch; c++)
                                z = t.Add(z, t.Mul(x[inIndex(row, column, c)], p[kernel + ((i * conv.KernelWidth + j) * ch + c) * filters + f]));
                        }
                    y[outIndex(r, col, f)] = z;
                }
        int[] activated = Activate(t, conv.Activation, y, outShape[^1]);
        return activated;
    }

    private static int[] Pool(Tape t, PoolCase pool, int[] inShape, int[] outShape, int[] x)
    {
        var (h, w, ch, inIndex) = Image(inShape, pool.Rank, pool.ChannelsFirst);
        if (pool.Global)
        {
            var g = new int[ch];
            for (int c = 0; c < ch; c++)
            {
                var cells = new List<int>();
                for (int r = 0; r < h; r++)
                    for (int col = 0; col < w; col++) cells.Add(x[inIndex(r, col, c)]);
                g[c] = pool.Max ? cells.Skip(1).Aggregate(cells[0], t.Max) : t.Scale(t.Sum([.. cells]), 1.0 / cells.Count);
            }
            return g;
        }
        var (oh, ow, _, outIndex) = Image(outShape, pool.Rank, pool.ChannelsFirst);
        int top = PadBefore(h, pool.PoolHeight, pool.StrideHeight, oh, pool.Padding);
        int left = PadBefore(w, pool.PoolWidth, pool.StrideWidth, ow, pool.Padding);
        var y = new int[oh * ow * ch];
        for (int r = 0; r < oh; r++)
            for (int col = 0; col < ow; col++)
                for (int c = 0; c < ch; c++)
                {
                    // Only real cells count: max ignores the padding, the average divides by the real cells.
                    var cells = new List<int>();
                    for (int i = 0; i < pool.PoolHeight; i++)
                        for (int j = 0; j < pool.PoolWidth; j++)
                        {
                            int row = r * pool.StrideHeight + i - top, column = col * pool.StrideWidth + j - left;
                            if (row >= 0 && row < h && column >= 0 && column < w) cells.Add(x[inIndex(row, column, c)]);
                        }
                    y[outIndex(r, col, c)] = pool.Max ? cells.Skip(1).Aggregate(cells[0], t.Max) : t.Scale(t.Sum([.. cells]), 1.0 / cells.Count);
                }
        return y;
    }

    /// <summary>
    /// Keras losses: a value per position (a row of <paramref name="classes"/> values of the last
    /// axis), reduced by "sum_over_batch_size", the mean over every position of the batch.
    /// </summary>
    private int Loss(Tape t, int[] p, float[] labels, int classes)
    {
        int positions = p.Length / classes;
        var perPosition = new int[positions];
        for (int r = 0; r < positions; r++)
        {
            int[] row = p[(r * classes)..((r + 1) * classes)];
            double Label(int j) => labels[r * classes + j];
            switch (network.Loss)
            {
                case LossKind.MeanSquaredError:
                    perPosition[r] = t.Scale(t.Sum([.. row.Select((n, j) => { int d = t.Sub(n, t.Constant(Label(j))); return t.Mul(d, d); })]), 1.0 / classes);
                    break;
                case LossKind.MeanAbsoluteError:
                    perPosition[r] = t.Scale(t.Sum([.. row.Select((n, j) => t.Abs(t.Sub(n, t.Constant(Label(j)))))]), 1.0 / classes);
                    break;
                case LossKind.BinaryCrossEntropy:
                    perPosition[r] = t.Scale(t.Sum([.. row.Select((n, j) =>
                    {
                        int q = t.Clip(n, Epsilon, 1 - Epsilon);
                        int one = t.Constant(1);
                        // −(y log q + (1 − y) log(1 − q))
                        return t.Scale(t.Add(t.Scale(t.Log(q), Label(j)), t.Scale(t.Log(t.Sub(one, q)), 1 - Label(j))), -1);
                    })]), 1.0 / classes);
                    break;
                default:
                    {
                        // Probabilities renormalised over the row, clipped, −Σ y log q (sparse: y one-hot of the id).
                        int total = t.Sum(row);
                        int sum = t.Constant(0);
                        for (int j = 0; j < classes; j++)
                        {
                            double y = network.Loss == LossKind.SparseCategoricalCrossEntropy ? (labels[r] == j ? 1 : 0) : Label(j);
                            if (y != 0) sum = t.Add(sum, t.Scale(t.Log(t.Clip(t.Div(row[j], total), Epsilon, 1 - Epsilon)), -y));
                        }
                        perPosition[r] = sum;
                        break;
                    }
            }
        }
        return t.Scale(t.Sum(perPosition), 1.0 / positions);
    }
}
