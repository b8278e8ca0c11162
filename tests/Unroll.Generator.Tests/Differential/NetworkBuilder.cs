using Unroll.Testing.Reference;

namespace Unroll.Generator.Tests.Differential;

/// <summary>
/// Builds a valid network from a stream of random numbers, choosing only among layers that fit the
/// current shape (Keras's rules), so every stream gives a network. Each choice takes the next
/// number modulo its range, and a stream that runs out reads zeros, the simplest choice: shorter
/// streams and smaller numbers give smaller networks, which is what shrinking needs.
/// </summary>
internal sealed class NetworkBuilder
{
    private readonly uint[] _choices;
    private int _next;

    private NetworkBuilder(uint[] choices) => _choices = choices;

    private int Next(int range) => _next < _choices.Length ? (int)(_choices[_next++] % (uint)range) : 0;
    private bool Flip() => Next(2) == 1;

    /// <summary>Mostly 1..<paramref name="small"/>; one time in eight up to 40, so that vector widths, tails and tiles are reached too.</summary>
    private int Size(int small) => Next(8) == 7 ? 1 + Next(40) : 1 + Next(small);

    /// <summary>Usually no kernel penalty; sometimes Keras's L2 factor 0.01 or 0.1.</summary>
    private float L2() => Next(6) switch { 4 => 0.01f, 5 => 0.1f, _ => 0f };

    private static readonly Activation[] Activations = [Activation.Linear, Activation.ReLU, Activation.Sigmoid, Activation.Tanh, Activation.Softmax];

    private Activation AnyActivation(int lastAxis)
    {
        Activation a = Activations[Next(Activations.Length)];
        return a == Activation.Softmax && lastAxis < 2 ? Activation.Tanh : a; // softmax over one value is refused (UNR diagnostic)
    }

    public static NetworkCase Build(uint[] choices) => new NetworkBuilder(choices).Build();

    private NetworkCase Build()
    {
        var layers = new List<LayerCase>();
        var shapes = new List<int[]>();
        int[] input;
        int[] shape;
        switch (Next(4))
        {
            case 0: input = [Size(6)]; break;
            case 1: input = [1 + Next(5), Size(4)]; break;
            case 2: input = [1 + Next(5), 1 + Next(5), 1 + Next(3)]; break;
            default:
                input = [1 + Next(5)];
                layers.Add(new EmbeddingCase(2 + Next(6), 1 + Next(4)));
                shapes.Add([input[0], ((EmbeddingCase)layers[0]).OutputDim]);
                break;
        }
        shape = shapes.Count > 0 ? shapes[^1] : input;
        int count = Next(5);
        for (int i = 0; i < count; i++)
        {
            (LayerCase layer, int[] output) = NextLayer(shape);
            layers.Add(layer);
            shapes.Add(output);
            shape = output;
        }

        var loss = (LossKind)Next(5);
        bool lastIsDense = layers.Count > 0 && layers[^1] is DenseCase;
        switch (loss)
        {
            case LossKind.BinaryCrossEntropy:
                layers.Add(new DenseCase(1 + Next(3), Activation.Sigmoid, !Flip()));
                shapes.Add([.. shape[..^1], ((DenseCase)layers[^1]).Units]);
                break;
            case LossKind.CategoricalCrossEntropy or LossKind.SparseCategoricalCrossEntropy:
                layers.Add(new DenseCase(2 + Next(3), Activation.Softmax, !Flip()));
                shapes.Add([.. shape[..^1], ((DenseCase)layers[^1]).Units]);
                break;
            default:
                if (!lastIsDense || Flip() || layers.Count == 0 || layers[^1] is DropoutCase or FlattenCase)
                {
                    int units = 1 + Next(3);
                    layers.Add(new DenseCase(units, AnyActivation(units), !Flip()));
                    shapes.Add([.. shape[..^1], units]);
                }
                break;
        }
        return new NetworkCase(input, [.. layers], [.. shapes], loss, 1 + Next(3), _choices);
    }

    private (LayerCase, int[]) NextLayer(int[] shape)
    {
        int rank = shape.Length;
        // The kinds that accept this rank: 0 Dense, 1 Activation, 2 Dropout, 3 Flatten, then rank-specific.
        int kinds = rank switch { 1 => 3, 2 => 8, _ => 8 };
        int kind = Next(kinds);
        int last = shape[^1];
        switch (kind)
        {
            case 0:
                int units = Size(5);
                return (new DenseCase(units, AnyActivation(units), !Flip(), L2()), [.. shape[..^1], units]);
            case 1:
                return (new ActivationCase(AnyActivation(last)), shape);
            case 2:
                return (new DropoutCase(new[] { 0.1f, 0.25f, 0.5f }[Next(3)]), shape);
            case 3:
                return (new FlattenCase(), [shape.Aggregate(1, (a, d) => a * d)]);
        }
        if (rank == 2)
        {
            int steps = shape[0], channels = shape[1];
            switch (kind)
            {
                case 4:
                    {
                        var (k, s, padding, outSteps) = Window(steps);
                        int filters = Size(4);
                        return (new ConvCase(1, filters, 1, k, 1, s, padding, false, AnyActivation(filters), !Flip(), L2()), [outSteps, filters]);
                    }
                case 5:
                    {
                        var (k, s, padding, outSteps) = Window(steps);
                        return (new PoolCase(1, true, false, 1, k, 1, s, padding, false), [outSteps, channels]);
                    }
                case 6:
                    return (new PoolCase(1, false, true, 0, 0, 1, 1, Padding.Valid, false), [channels]);
                default:
                    {
                        int units = Size(4);
                        bool sequences = Flip();
                        Activation act = Activations[Next(4)], rec = Next(3) == 0 ? Activations[Next(4)] : Activation.Sigmoid;
                        return (new LstmCase(units, sequences, act, rec, !Flip()), sequences ? [steps, units] : [units]);
                    }
            }
        }
        bool channelsFirst = Flip();
        int h = channelsFirst ? shape[1] : shape[0], w = channelsFirst ? shape[2] : shape[1], c = channelsFirst ? shape[0] : shape[2];
        int[] Image(int oh, int ow, int ch) => channelsFirst ? [ch, oh, ow] : [oh, ow, ch];
        switch (kind)
        {
            case 4:
                {
                    Padding padding = Flip() ? Padding.Same : Padding.Valid;
                    var (kh, sh, oh) = Window(h, padding);
                    var (kw, sw, ow) = Window(w, padding);
                    int filters = Next(16) == 15 ? 128 + Next(8) : Size(4); // 128+ filters: the wide direct-convolution path
                    return (new ConvCase(2, filters, kh, kw, sh, sw, padding, channelsFirst, AnyActivation(channelsFirst ? ow : filters), !Flip(), L2()), Image(oh, ow, filters));
                }
            case 5 or 6:
                {
                    Padding padding = Flip() ? Padding.Same : Padding.Valid;
                    var (ph, sh, oh) = Window(h, padding);
                    var (pw, sw, ow) = Window(w, padding);
                    return (new PoolCase(2, kind == 5, false, ph, pw, sh, sw, padding, channelsFirst), Image(oh, ow, c));
                }
            default:
                return (new PoolCase(2, Flip(), true, 0, 0, 1, 1, Padding.Valid, channelsFirst), [c]);
        }
    }

    private (int Window, int Stride, Padding Padding, int Out) Window(int size)
    {
        Padding padding = Flip() ? Padding.Same : Padding.Valid;
        var (k, s, o) = Window(size, padding);
        return (k, s, padding, o);
    }

    /// <summary>A window that leaves at least one output position, and Keras's output length for it.</summary>
    private (int Window, int Stride, int Out) Window(int size, Padding padding)
    {
        int window = 1 + Next(padding == Padding.Valid ? Math.Min(size, 3) : 3);
        int stride = 1 + Next(2);
        int output = padding == Padding.Valid ? (size - window) / stride + 1 : (size + stride - 1) / stride;
        return (window, stride, output);
    }
}
