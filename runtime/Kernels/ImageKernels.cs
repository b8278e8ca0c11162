using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Unroll.Kernels;

/// <summary>
/// Shape-generic image kernels the generated convolution and pooling layers call: im2col and its
/// adjoint, layout transposes, and pooling forward and backward. They move data; the arithmetic
/// of convolutions runs in the generated, constant-shape matrix-product kernels.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ImageKernels
{
    /// <summary>
    /// Writes one row of <see cref="ImageShape.PatchSize"/> values per output position, ordered
    /// (window row, window column, channel) to match a Keras kernel (kh, kw, in, out); padding reads as zero.
    /// </summary>
    public static void Im2Col(ReadOnlySpan<float> input, Span<float> columns, int batch, in ImageShape g)
    {
        int patch = g.PatchSize, inputSize = g.InputSize;
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<float> x = input.Slice(s * inputSize, inputSize);
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    Span<float> row = columns.Slice(((s * g.OutHeight + oh) * g.OutWidth + ow) * patch, patch);
                    int iw0 = ow * g.StrideWidth - g.PadLeft;
                    bool inside = iw0 >= 0 && iw0 + g.WindowWidth <= g.Width;
                    for (int i = 0; i < g.WindowHeight; i++)
                    {
                        int ih = oh * g.StrideHeight - g.PadTop + i;
                        Span<float> windowRow = row.Slice(i * g.WindowWidth * g.Channels, g.WindowWidth * g.Channels);
                        if ((uint)ih >= (uint)g.Height) { windowRow.Clear(); continue; }
                        if (inside && !g.ChannelsFirst)
                        {
                            // Channels last: a window row is kw · C consecutive input values.
                            x.Slice(g.InputIndex(ih, iw0, 0), windowRow.Length).CopyTo(windowRow);
                            continue;
                        }
                        for (int j = 0; j < g.WindowWidth; j++)
                        {
                            int iw = iw0 + j;
                            Span<float> cells = windowRow.Slice(j * g.Channels, g.Channels);
                            if ((uint)iw >= (uint)g.Width) cells.Clear();
                            else if (!g.ChannelsFirst) x.Slice(g.InputIndex(ih, iw, 0), g.Channels).CopyTo(cells);
                            else for (int c = 0; c < g.Channels; c++) cells[c] = x[g.InputIndex(ih, iw, c)];
                        }
                    }
                }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: adds every column value back to the input cell it came from.</summary>
    public static void Col2Im(ReadOnlySpan<float> columns, Span<float> input, int batch, in ImageShape g)
    {
        int patch = g.PatchSize, inputSize = g.InputSize;
        input.Slice(0, batch * inputSize).Clear();
        for (int s = 0; s < batch; s++)
        {
            Span<float> x = input.Slice(s * inputSize, inputSize);
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    ReadOnlySpan<float> row = columns.Slice(((s * g.OutHeight + oh) * g.OutWidth + ow) * patch, patch);
                    for (int i = 0; i < g.WindowHeight; i++)
                    {
                        int ih = oh * g.StrideHeight - g.PadTop + i;
                        if ((uint)ih >= (uint)g.Height) continue;
                        for (int j = 0; j < g.WindowWidth; j++)
                        {
                            int iw = ow * g.StrideWidth - g.PadLeft + j;
                            if ((uint)iw >= (uint)g.Width) continue;
                            ReadOnlySpan<float> cells = row.Slice((i * g.WindowWidth + j) * g.Channels, g.Channels);
                            if (!g.ChannelsFirst)
                            {
                                Span<float> target = x.Slice(g.InputIndex(ih, iw, 0), g.Channels);
                                TensorPrimitives.Add(target, cells, target);
                            }
                            else for (int c = 0; c < g.Channels; c++) x[g.InputIndex(ih, iw, c)] += cells[c];
                        }
                    }
                }
        }
    }

    /// <summary>
    /// Per sample, (rows, columns) → (columns, rows): between (positions, channels) and (channels,
    /// positions), and a kernel into its transposed copy. Done in 16 × 16 tiles, so both the reads
    /// and the writes stay within a few cache lines at a time. Sides that are multiples of 16 take
    /// AVX-512 tiles transposed in registers; a matrix that fits in L1 (a Dense kernel's Wᵀ, made
    /// every training step) is otherwise written one destination row at a time, which took half the
    /// time of the scalar tiles for MNIST's 64 × 10 kernel.
    /// </summary>
    public static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int batch, int rows, int columns)
    {
        const int Tile = 16, SmallSize = 8192;
        int size = rows * columns;
        for (int s = 0; s < batch; s++)
        {
            ref float from = ref MemoryMarshal.GetReference(source.Slice(s * size, size));
            ref float to = ref MemoryMarshal.GetReference(destination.Slice(s * size, size));
            if (Avx512F.IsSupported && KernelSettings.UseVector512 && rows % 16 == 0 && columns % 16 == 0)
            {
                TransposeTiles16(ref from, ref to, rows, columns);
                continue;
            }
            if (size <= SmallSize)
            {
                for (int c = 0; c < columns; c++)
                {
                    ref float read = ref Unsafe.Add(ref from, c);
                    ref float write = ref Unsafe.Add(ref to, c * rows);
                    for (int r = 0; r < rows; r++)
                        Unsafe.Add(ref write, r) = Unsafe.Add(ref read, r * columns);
                }
                continue;
            }
            for (int r0 = 0; r0 < rows; r0 += Tile)
                for (int c0 = 0; c0 < columns; c0 += Tile)
                {
                    int r1 = Math.Min(r0 + Tile, rows), c1 = Math.Min(c0 + Tile, columns);
                    for (int r = r0; r < r1; r++)
                        for (int c = c0; c < c1; c++)
                            Unsafe.Add(ref to, c * rows + r) = Unsafe.Add(ref from, r * columns + c);
                }
        }
    }

    /// <summary>(rows, columns) → (columns, rows) for sizes that are multiples of 16, one 16 × 16 register tile at a time.</summary>
    private static void TransposeTiles16(ref float from, ref float to, int rows, int columns)
    {
        for (int row0 = 0; row0 < rows; row0 += 16)
            for (int column0 = 0; column0 < columns; column0 += 16)
                TransposeTiles.Tile16(ref Unsafe.Add(ref from, row0 * columns + column0), (nuint)columns, ref Unsafe.Add(ref to, column0 * rows + row0), (nuint)rows);
    }

    /// <summary>
    /// Max over each window (padding never wins); remembers the winning input's index within its own
    /// sample for the backward pass, so the cache does not depend on where the call's rows start in
    /// the batch (a training forward pass may be cut into other row blocks than the backward pass).
    /// </summary>
    public static void MaxPoolForward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, int batch, in ImageShape g)
    {
        if (!g.ChannelsFirst && g.Channels % 8 == 0 && KernelSettings.UseVector256)
        {
            MaxPoolForwardChannelsLast(input, output, argmax, batch, g);
            return;
        }
        int inputSize = g.InputSize, outputSize = g.PooledSize;
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<float> x = input.Slice(s * inputSize, inputSize);
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                    for (int c = 0; c < g.Channels; c++)
                    {
                        float best = float.NegativeInfinity;
                        int bestIndex = -1;
                        for (int i = 0; i < g.WindowHeight; i++)
                        {
                            int ih = oh * g.StrideHeight - g.PadTop + i;
                            if ((uint)ih >= (uint)g.Height) continue;
                            for (int j = 0; j < g.WindowWidth; j++)
                            {
                                int iw = ow * g.StrideWidth - g.PadLeft + j;
                                if ((uint)iw >= (uint)g.Width) continue;
                                int index = g.InputIndex(ih, iw, c);
                                if (bestIndex < 0 || x[index] > best) (best, bestIndex) = (x[index], index);
                            }
                        }
                        int o = s * outputSize + g.PooledIndex(oh * g.OutWidth + ow, c);
                        output[o] = best;
                        argmax[o] = bestIndex;
                    }
        }
    }

    /// <summary>
    /// Channels last with a multiple of 8 channels: each window cell is a run of channels, so the
    /// maximum and its index are kept for 8 channels at a time (16 with AVX-512, then 8 for the rest).
    /// Ties keep the first cell, as the scalar path.
    /// </summary>
    private static void MaxPoolForwardChannelsLast(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, int batch, in ImageShape g)
    {
        int inputSize = g.InputSize, outputSize = g.PooledSize, channels = g.Channels;
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float o = ref MemoryMarshal.GetReference(output);
        ref int a = ref MemoryMarshal.GetReference(argmax);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var lanes16 = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        int wide = KernelSettings.UseVector512 ? channels / 16 * 16 : 0;
        for (int s = 0; s < batch; s++)
        {
            ref float xs = ref Unsafe.Add(ref x, s * inputSize); // this sample's image: indices are within it
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    (int h0, int h1, int w0, int w1) = Window(oh, ow, g);
                    int outBase = s * outputSize + (oh * g.OutWidth + ow) * channels;
                    for (int c = 0; c < wide; c += 16)
                    {
                        int first = g.InputIndex(h0, w0, c);
                        var best = Vector512.LoadUnsafe(ref xs, (nuint)first);
                        var bestIndex = Vector512.Create(first) + lanes16;
                        for (int ih = h0; ih < h1; ih++)
                            for (int iw = w0; iw < w1; iw++)
                            {
                                int index = g.InputIndex(ih, iw, c);
                                var value = Vector512.LoadUnsafe(ref xs, (nuint)index);
                                var greater = Vector512.GreaterThan(value, best);
                                best = Vector512.ConditionalSelect(greater, value, best);
                                bestIndex = Vector512.ConditionalSelect(greater.AsInt32(), Vector512.Create(index) + lanes16, bestIndex);
                            }
                        best.StoreUnsafe(ref o, (nuint)(outBase + c));
                        bestIndex.StoreUnsafe(ref a, (nuint)(outBase + c));
                    }
                    for (int c = wide; c < channels; c += 8)
                    {
                        int first = g.InputIndex(h0, w0, c);
                        var best = Vector256.LoadUnsafe(ref xs, (nuint)first);
                        var bestIndex = Vector256.Create(first) + lanes;
                        for (int ih = h0; ih < h1; ih++)
                            for (int iw = w0; iw < w1; iw++)
                            {
                                int index = g.InputIndex(ih, iw, c);
                                var value = Vector256.LoadUnsafe(ref xs, (nuint)index);
                                var greater = Vector256.GreaterThan(value, best);
                                best = Vector256.ConditionalSelect(greater, value, best);
                                bestIndex = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(index) + lanes, bestIndex);
                            }
                        best.StoreUnsafe(ref o, (nuint)(outBase + c));
                        bestIndex.StoreUnsafe(ref a, (nuint)(outBase + c));
                    }
                }
        }
    }

    /// <summary>Routes each output gradient to the input that won its window (its index within the sample).</summary>
    public static void MaxPoolBackward(ReadOnlySpan<float> gradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, int batch, in ImageShape g)
        => MaxPoolBackward(gradient, default, argmax, inputGradient, batch, g);

    /// <summary>
    /// <see cref="MaxPoolBackward(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float}, int, in ImageShape)"/>
    /// and then the ReLU derivative of the layer below, whose outputs the pool read, in one pass: a
    /// window's gradient reaches its winner only where the <paramref name="pooled"/> value (the
    /// winner's ReLU output) is positive, and every other input's gradient is zero anyway, so the
    /// ReLU's pass over the whole unpooled gradient is not needed. The same bits as the two passes.
    /// </summary>
    public static void MaxPoolReluBackward(ReadOnlySpan<float> gradient, ReadOnlySpan<float> pooled, ReadOnlySpan<int> argmax, Span<float> inputGradient, int batch, in ImageShape g)
    {
        if (pooled.Length < gradient.Length) throw new ArgumentException($"{gradient.Length} pooled values expected, {pooled.Length} found.", nameof(pooled));
        MaxPoolBackward(gradient, pooled, argmax, inputGradient, batch, g);
    }

    // pooled empty: no ReLU below.
    private static void MaxPoolBackward(ReadOnlySpan<float> gradient, ReadOnlySpan<float> pooled, ReadOnlySpan<int> argmax, Span<float> inputGradient, int batch, in ImageShape g)
    {
        if (!g.ChannelsFirst && g.Channels % 8 == 0 && KernelSettings.UseVector256 && WindowsTile(g))
        {
            MaxPoolBackwardTiled(gradient, pooled, argmax, inputGradient, batch, g);
            return;
        }
        int inputSize = g.InputSize, outputSize = g.PooledSize;
        bool relu = !pooled.IsEmpty;
        inputGradient.Slice(0, batch * inputSize).Clear();
        for (int s = 0; s < batch; s++)
        {
            Span<float> dx = inputGradient.Slice(s * inputSize, inputSize);
            for (int o = s * outputSize; o < (s + 1) * outputSize; o++)
                if (!relu || pooled[o] > 0f) dx[argmax[o]] += gradient[o];
        }
    }

    /// <summary>Whether the windows cover the image exactly once (stride = window, no padding, nothing left over).</summary>
    private static bool WindowsTile(in ImageShape g)
        => g.StrideHeight == g.WindowHeight && g.StrideWidth == g.WindowWidth && g.PadTop == 0 && g.PadLeft == 0
           && g.OutHeight * g.StrideHeight == g.Height && g.OutWidth * g.StrideWidth == g.Width;

    /// <summary>
    /// Windows that tile the image, channels last, 8 channels at a time: every input cell belongs to one
    /// window, so each is written once (its window's gradient where it won, else zero) instead of
    /// clearing the whole input gradient and then adding into it.
    /// </summary>
    private static void MaxPoolBackwardTiled(ReadOnlySpan<float> gradient, ReadOnlySpan<float> pooled, ReadOnlySpan<int> argmax, Span<float> inputGradient, int batch, in ImageShape g)
    {
        int inputSize = g.InputSize, outputSize = g.PooledSize, channels = g.Channels;
        _ = inputGradient.Slice(0, batch * inputSize); // bounds, once
        _ = gradient.Slice(0, batch * outputSize);
        _ = argmax.Slice(0, batch * outputSize);
        bool relu = !pooled.IsEmpty;
        if (relu) _ = pooled.Slice(0, batch * outputSize);
        ref float dx = ref MemoryMarshal.GetReference(inputGradient);
        ref float dy = ref MemoryMarshal.GetReference(gradient);
        ref float py = ref MemoryMarshal.GetReference(pooled);
        ref int a = ref MemoryMarshal.GetReference(argmax);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (int s = 0; s < batch; s++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    int outBase = s * outputSize + (oh * g.OutWidth + ow) * channels;
                    int h0 = oh * g.StrideHeight, w0 = ow * g.StrideWidth;
                    for (int c = 0; c < channels; c += 8)
                    {
                        var share = Vector256.LoadUnsafe(ref dy, (nuint)(outBase + c));
                        if (relu) share &= Vector256.GreaterThan(Vector256.LoadUnsafe(ref py, (nuint)(outBase + c)), Vector256<float>.Zero);
                        var winner = Vector256.LoadUnsafe(ref a, (nuint)(outBase + c));
                        for (int ih = h0; ih < h0 + g.WindowHeight; ih++)
                            for (int iw = w0; iw < w0 + g.WindowWidth; iw++)
                            {
                                int index = g.InputIndex(ih, iw, c);
                                var won = Vector256.Equals(winner, Vector256.Create(index) + lanes).AsSingle();
                                (won & share).StoreUnsafe(ref dx, (nuint)(s * inputSize + index));
                            }
                    }
                }
    }

    /// <summary>Mean over each window, counting only real cells (Keras "same" padding excludes the padding).</summary>
    public static void AveragePoolForward(ReadOnlySpan<float> input, Span<float> output, int batch, in ImageShape g)
    {
        int inputSize = g.InputSize, outputSize = g.PooledSize;
        for (int s = 0; s < batch; s++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    (int h0, int h1, int w0, int w1) = Window(oh, ow, g);
                    float scale = 1f / ((h1 - h0) * (w1 - w0));
                    for (int c = 0; c < g.Channels; c++)
                    {
                        float sum = 0;
                        for (int ih = h0; ih < h1; ih++)
                            for (int iw = w0; iw < w1; iw++)
                                sum += input[s * inputSize + g.InputIndex(ih, iw, c)];
                        output[s * outputSize + g.PooledIndex(oh * g.OutWidth + ow, c)] = sum * scale;
                    }
                }
    }

    /// <summary>Spreads each output gradient evenly over the real cells of its window.</summary>
    public static void AveragePoolBackward(ReadOnlySpan<float> gradient, Span<float> inputGradient, int batch, in ImageShape g)
    {
        int inputSize = g.InputSize, outputSize = g.PooledSize;
        inputGradient.Slice(0, batch * inputSize).Clear();
        for (int s = 0; s < batch; s++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    (int h0, int h1, int w0, int w1) = Window(oh, ow, g);
                    float scale = 1f / ((h1 - h0) * (w1 - w0));
                    for (int c = 0; c < g.Channels; c++)
                    {
                        float share = gradient[s * outputSize + g.PooledIndex(oh * g.OutWidth + ow, c)] * scale;
                        for (int ih = h0; ih < h1; ih++)
                            for (int iw = w0; iw < w1; iw++)
                                inputGradient[s * inputSize + g.InputIndex(ih, iw, c)] += share;
                    }
                }
    }

    private static (int H0, int H1, int W0, int W1) Window(int oh, int ow, in ImageShape g)
    {
        int h0 = oh * g.StrideHeight - g.PadTop, w0 = ow * g.StrideWidth - g.PadLeft;
        return (Math.Max(h0, 0), Math.Min(h0 + g.WindowHeight, g.Height), Math.Max(w0, 0), Math.Min(w0 + g.WindowWidth, g.Width));
    }
}
