using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll.Kernels;

/// <summary>
/// LSTM forward over a sequence and backpropagation through time, per sample, gates i, f, c, o
/// (Keras order). Shape-generic and vectorised with TensorPrimitives along the 4·units gate axis;
/// the generated network caches the gates and states it passes in for the backward pass.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmKernels
{
    /// <summary>
    /// Runs <paramref name="batch"/> sequences of <paramref name="steps"/> × <paramref name="features"/>.
    /// Caches per step: <paramref name="gates"/> (steps, 4·units) after their activations,
    /// <paramref name="cells"/> and <paramref name="states"/> (steps, units). Writes every state or
    /// only the last into <paramref name="output"/>.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias,
        Span<float> gates, Span<float> cells, Span<float> states, Span<float> output, int batch, int steps, int features, int units, bool returnSequences)
        => Forward(input, kernel, recurrent, bias, gates, cells, states, output, default, default, batch, steps, features, units, returnSequences);

    /// <summary>
    /// As <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, Span{float}, Span{float}, Span{float}, int, int, int, int, bool)"/>,
    /// with <paramref name="gates"/> already holding x·W + b for every step (one matrix product over
    /// all steps, generated with the network's shapes): only the recurrent part runs here.
    /// </summary>
    public static void ForwardProjected(ReadOnlySpan<float> recurrent, Span<float> gates, Span<float> cells, Span<float> states, Span<float> output,
        Span<float> stateH, Span<float> stateC, int batch, int steps, int units, bool returnSequences,
        Activation activation = Activation.Tanh, Activation recurrentActivation = Activation.Sigmoid)
        => Run(default, default, recurrent, default, gates, cells, states, output, stateH, stateC, batch, steps, 0, units, returnSequences, projected: true,
            activation, recurrentActivation);

    /// <summary>
    /// The stateful form: each sequence starts from its row of <paramref name="stateH"/> and
    /// <paramref name="stateC"/> (zeros when empty) and leaves its last hidden and cell state there.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias,
        Span<float> gates, Span<float> cells, Span<float> states, Span<float> output, Span<float> stateH, Span<float> stateC,
        int batch, int steps, int features, int units, bool returnSequences)
        => Run(input, kernel, recurrent, bias, gates, cells, states, output, stateH, stateC, batch, steps, features, units, returnSequences, projected: false,
            Activation.Tanh, Activation.Sigmoid);

    private static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias,
        Span<float> gates, Span<float> cells, Span<float> states, Span<float> output, Span<float> stateH, Span<float> stateC,
        int batch, int steps, int features, int units, bool returnSequences, bool projected, Activation activation, Activation recurrentActivation)
    {
        int width = 4 * units;
        if (!projected)
            for (int row = 0; row < batch * steps; row++)
            {
                Span<float> z = gates.Slice(row * width, width);
                if (bias.IsEmpty) z.Clear(); else bias.CopyTo(z);
                ReadOnlySpan<float> x = input.Slice(row * features, features);
                for (int d = 0; d < features; d++)
                    TensorPrimitives.MultiplyAdd(kernel.Slice(d * width, width), x[d], z, z);
            }
        // Step by step over the whole batch: the recurrent product of a step is then (B × u)·(u × 4u),
        // blocked over 4 sequences so that each row of U is loaded once for four of them.
        for (int t = 0; t < steps; t++)
        {
            if (t > 0) AddRecurrent(states.Slice((t - 1) * units), steps * units, gates.Slice(t * width), steps * width, recurrent, batch, units);
            else if (!stateH.IsEmpty) AddRecurrent(stateH, units, gates, steps * width, recurrent, batch, units);
            for (int s = 0; s < batch; s++)
            {
                int row = s * steps + t;
                Span<float> z = gates.Slice(row * width, width);
                Span<float> i = z.Slice(0, units), f = z.Slice(units, units), g = z.Slice(2 * units, units), o = z.Slice(3 * units, units);
                if (recurrentActivation == Activation.Sigmoid)
                {
                    TensorPrimitives.Sigmoid(i, i);
                    TensorPrimitives.Sigmoid(f, f);
                    TensorPrimitives.Sigmoid(o, o);
                }
                else
                {
                    ActivationKernels.Forward(recurrentActivation, i, units);
                    ActivationKernels.Forward(recurrentActivation, f, units);
                    ActivationKernels.Forward(recurrentActivation, o, units);
                }
                ActivationKernels.Forward(activation, g, units);
                Span<float> c = cells.Slice(row * units, units), hNew = states.Slice(row * units, units);
                TensorPrimitives.Multiply(i, g, c);
                if (t > 0) TensorPrimitives.MultiplyAdd(f, cells.Slice((row - 1) * units, units), c, c);
                else if (!stateC.IsEmpty) TensorPrimitives.MultiplyAdd(f, stateC.Slice(s * units, units), c, c);
                ActivationKernels.Forward(activation, c, hNew, units);
                TensorPrimitives.Multiply(o, hNew, hNew);
            }
        }
        for (int s = 0; s < batch; s++)
        {
            if (!stateH.IsEmpty)
            {
                states.Slice(((s + 1) * steps - 1) * units, units).CopyTo(stateH.Slice(s * units, units));
                cells.Slice(((s + 1) * steps - 1) * units, units).CopyTo(stateC.Slice(s * units, units));
            }
            if (returnSequences) states.Slice(s * steps * units, steps * units).CopyTo(output.Slice(s * steps * units, steps * units));
            else states.Slice(((s + 1) * steps - 1) * units, units).CopyTo(output.Slice(s * units, units));
        }
    }

    /// <summary>
    /// For each of <paramref name="batch"/> sequences, z += h · U, where sequence s's h starts at
    /// s · <paramref name="hStride"/> and its z at s · <paramref name="zStride"/>. Four sequences at a
    /// time share each load of U (8 accumulators of 2 vectors × 4 rows stay in registers); the
    /// sum runs over u in the same order as for one sequence, so the results are the same.
    /// </summary>
    private static void AddRecurrent(ReadOnlySpan<float> h, int hStride, Span<float> z, int zStride, ReadOnlySpan<float> recurrent, int batch, int units)
    {
        int width = 4 * units, s = 0;
        if (KernelSettings.UseVector256)
        {
            ref float hr = ref MemoryMarshal.GetReference(h);
            ref float zr = ref MemoryMarshal.GetReference(z);
            ref float m = ref MemoryMarshal.GetReference(recurrent);
            for (; s + 4 <= batch; s += 4)
            {
                int j = 0;
                nuint h0 = (nuint)(s * hStride), h1 = h0 + (nuint)hStride, h2 = h1 + (nuint)hStride, h3 = h2 + (nuint)hStride;
                nuint z0 = (nuint)(s * zStride), z1 = z0 + (nuint)zStride, z2 = z1 + (nuint)zStride, z3 = z2 + (nuint)zStride;
                for (; j + 16 <= width; j += 16)
                {
                    nuint at = (nuint)j;
                    Vector256<float> a00 = Vector256.LoadUnsafe(ref zr, z0 + at), a01 = Vector256.LoadUnsafe(ref zr, z0 + at + 8);
                    Vector256<float> a10 = Vector256.LoadUnsafe(ref zr, z1 + at), a11 = Vector256.LoadUnsafe(ref zr, z1 + at + 8);
                    Vector256<float> a20 = Vector256.LoadUnsafe(ref zr, z2 + at), a21 = Vector256.LoadUnsafe(ref zr, z2 + at + 8);
                    Vector256<float> a30 = Vector256.LoadUnsafe(ref zr, z3 + at), a31 = Vector256.LoadUnsafe(ref zr, z3 + at + 8);
                    for (int u = 0; u < units; u++)
                    {
                        nuint mu = (nuint)(u * width) + at;
                        Vector256<float> m0 = Vector256.LoadUnsafe(ref m, mu), m1 = Vector256.LoadUnsafe(ref m, mu + 8);
                        var b = Vector256.Create(Unsafe.Add(ref hr, h0 + (nuint)u));
                        a00 = Vector256.FusedMultiplyAdd(b, m0, a00); a01 = Vector256.FusedMultiplyAdd(b, m1, a01);
                        b = Vector256.Create(Unsafe.Add(ref hr, h1 + (nuint)u));
                        a10 = Vector256.FusedMultiplyAdd(b, m0, a10); a11 = Vector256.FusedMultiplyAdd(b, m1, a11);
                        b = Vector256.Create(Unsafe.Add(ref hr, h2 + (nuint)u));
                        a20 = Vector256.FusedMultiplyAdd(b, m0, a20); a21 = Vector256.FusedMultiplyAdd(b, m1, a21);
                        b = Vector256.Create(Unsafe.Add(ref hr, h3 + (nuint)u));
                        a30 = Vector256.FusedMultiplyAdd(b, m0, a30); a31 = Vector256.FusedMultiplyAdd(b, m1, a31);
                    }
                    a00.StoreUnsafe(ref zr, z0 + at); a01.StoreUnsafe(ref zr, z0 + at + 8);
                    a10.StoreUnsafe(ref zr, z1 + at); a11.StoreUnsafe(ref zr, z1 + at + 8);
                    a20.StoreUnsafe(ref zr, z2 + at); a21.StoreUnsafe(ref zr, z2 + at + 8);
                    a30.StoreUnsafe(ref zr, z3 + at); a31.StoreUnsafe(ref zr, z3 + at + 8);
                }
                if (j < width) // columns past the last block of 16: one sequence at a time
                    for (int r = 0; r < 4; r++)
                        AddRowTimesMatrix(h.Slice((s + r) * hStride), 1, units, recurrent, z.Slice((s + r) * zStride, width), fromColumn: j);
            }
        }
        for (; s < batch; s++)
            AddRowTimesMatrix(h.Slice(s * hStride), 1, units, recurrent, z.Slice(s * zStride, width));
    }

    /// <summary>
    /// Backpropagation through time from dLoss/doutput. Writes (not adds) the kernel, recurrent-kernel
    /// and bias gradients of these sequences; writes dLoss/dinput when <paramref name="inputGradient"/>
    /// is not empty. <paramref name="scratch"/> holds 7·units floats. Consumes the gate cache: each
    /// step's gate gradients dZ replace its gates there, so the weight gradients become products over
    /// all steps at the end (xᵀ·dZ, hₜ₋₁ᵀ·dZ) instead of a rank-1 update per step.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent,
        Span<float> gates, ReadOnlySpan<float> cells, ReadOnlySpan<float> states, ReadOnlySpan<float> outputGradient,
        Span<float> kernelGradient, Span<float> recurrentGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> scratch,
        int batch, int steps, int features, int units, bool returnSequences,
        Activation activation = Activation.Tanh, Activation recurrentActivation = Activation.Sigmoid)
        => Backward(input, kernel, recurrent, gates, cells, states, outputGradient, kernelGradient, recurrentGradient, biasGradient, inputGradient, scratch,
            default, default, batch, steps, features, units, returnSequences, activation, recurrentActivation);

    /// <summary>
    /// The stateful form: <paramref name="initialH"/> and <paramref name="initialC"/> hold the state each
    /// sequence started from (no gradient flows into it: Keras truncates at the batch boundary).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent,
        Span<float> gates, ReadOnlySpan<float> cells, ReadOnlySpan<float> states, ReadOnlySpan<float> outputGradient,
        Span<float> kernelGradient, Span<float> recurrentGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> scratch,
        ReadOnlySpan<float> initialH, ReadOnlySpan<float> initialC, int batch, int steps, int features, int units, bool returnSequences,
        Activation activation = Activation.Tanh, Activation recurrentActivation = Activation.Sigmoid)
    {
        int width = 4 * units, rows = batch * steps;
        Span<float> dh = scratch.Slice(width, units), dc = scratch.Slice(width + units, units), tanhC = scratch.Slice(width + 2 * units, units);
        for (int s = 0; s < batch; s++)
        {
            dh.Clear();
            dc.Clear();
            for (int t = steps - 1; t >= 0; t--)
            {
                int row = s * steps + t;
                if (returnSequences) TensorPrimitives.Add(dh, outputGradient.Slice(row * units, units), dh);
                else if (t == steps - 1) TensorPrimitives.Add(dh, outputGradient.Slice(s * units, units), dh);
                Span<float> z = gates.Slice(row * width, width); // gates in, dZ out
                ActivationKernels.Forward(activation, cells.Slice(row * units, units), tanhC, units); // act(c), tanh by default
                for (int u = 0; u < units; u++)
                {
                    float i = z[u], f = z[units + u], g = z[2 * units + u], o = z[3 * units + u];
                    float th = tanhC[u];
                    float dcu = dc[u] + dh[u] * o * Slope(activation, th);
                    float cPrev = t > 0 ? cells[(row - 1) * units + u] : initialC.IsEmpty ? 0f : initialC[s * units + u];
                    z[u] = dcu * g * Slope(recurrentActivation, i);           // input gate
                    z[units + u] = dcu * cPrev * Slope(recurrentActivation, f); // forget gate
                    z[2 * units + u] = dcu * i * Slope(activation, g);        // candidate
                    z[3 * units + u] = dh[u] * th * Slope(recurrentActivation, o); // output gate
                    dc[u] = dcu * f;                                          // to the previous step
                }
                if (!inputGradient.IsEmpty)
                    for (int d = 0; d < features; d++)
                        inputGradient[row * features + d] = TensorPrimitives.Dot(kernel.Slice(d * width, width), z);
                if (t > 0)
                    for (int u = 0; u < units; u++)
                        dh[u] = TensorPrimitives.Dot(recurrent.Slice(u * width, width), z);
            }
        }

        // Weight gradients over every step of every sequence, as products with dZ.
        ReadOnlySpan<float> dZ = gates.Slice(0, rows * width);
        biasGradient.Clear();
        if (!biasGradient.IsEmpty) // a layer without bias passes none
            for (int row = 0; row < rows; row++) TensorPrimitives.Add(biasGradient, dZ.Slice(row * width, width), biasGradient);
        kernelGradient.Clear();
        for (int d = 0; d < features; d++)
            AddRowTimesMatrix(input.Slice(d), features, rows, dZ, kernelGradient.Slice(d * width, width)); // column d of x, times dZ
        recurrentGradient.Clear();
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<float> sequenceDz = dZ.Slice(s * steps * width, steps * width);
            for (int u = 0; u < units; u++)
            {
                Span<float> gradientRow = recurrentGradient.Slice(u * width, width);
                // Step t pairs dZₜ with hₜ₋₁: steps 1.. read the states one row back, step 0 the starting state.
                AddRowTimesMatrix(states.Slice(s * steps * units + u), units, steps - 1, sequenceDz.Slice(width), gradientRow);
                if (!initialH.IsEmpty) TensorPrimitives.MultiplyAdd(sequenceDz.Slice(0, width), initialH[s * units + u], gradientRow, gradientRow);
            }
        }
    }

    /// <summary>The derivative of an activation at the point where it output <paramref name="y"/>.</summary>
    private static float Slope(Activation activation, float y) => activation switch
    {
        Activation.Sigmoid => y * (1 - y),
        Activation.Tanh => 1 - y * y,
        Activation.ReLU => y > 0 ? 1f : 0f,
        Activation.HardSigmoid => y > 0 && y < 1 ? 1f / 6f : 0f,
        Activation.HardSigmoidKeras2 => y > 0 && y < 1 ? 0.2f : 0f,
        _ => 1f, // linear
    };

    /// <summary>
    /// z += h · M for M of (rows × z.Length), row-major, where h[u] = values[u · stride]: all four
    /// gates of a step in one pass (stride 1), or a column of a row-major matrix times M (the
    /// kernel gradients xᵀ·dZ). Column blocks of 4 vectors stay in registers across the whole
    /// reduction, so z is loaded and stored once instead of once per row of M. Columns before
    /// <paramref name="fromColumn"/> are left alone (a blocked pass already did them).
    /// </summary>
    internal static void AddRowTimesMatrix(ReadOnlySpan<float> values, int stride, int rows, ReadOnlySpan<float> matrix, Span<float> z, int fromColumn = 0)
    {
        int width = z.Length, j = fromColumn;
        if (rows == 0) return;
        ReadOnlySpan<float> h = values.Slice(0, (rows - 1) * stride + 1);
        if (KernelSettings.UseVector256)
        {
            ref float m = ref MemoryMarshal.GetReference(matrix);
            ref float zr = ref MemoryMarshal.GetReference(z);
            for (; j + 32 <= width; j += 32)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref zr, (nuint)j), a1 = Vector256.LoadUnsafe(ref zr, (nuint)j + 8);
                Vector256<float> a2 = Vector256.LoadUnsafe(ref zr, (nuint)j + 16), a3 = Vector256.LoadUnsafe(ref zr, (nuint)j + 24);
                for (int u = 0; u < rows; u++)
                {
                    var hu = Vector256.Create(h[u * stride]);
                    nuint at = (nuint)(u * width + j);
                    a0 = Vector256.FusedMultiplyAdd(hu, Vector256.LoadUnsafe(ref m, at), a0);
                    a1 = Vector256.FusedMultiplyAdd(hu, Vector256.LoadUnsafe(ref m, at + 8), a1);
                    a2 = Vector256.FusedMultiplyAdd(hu, Vector256.LoadUnsafe(ref m, at + 16), a2);
                    a3 = Vector256.FusedMultiplyAdd(hu, Vector256.LoadUnsafe(ref m, at + 24), a3);
                }
                a0.StoreUnsafe(ref zr, (nuint)j);
                a1.StoreUnsafe(ref zr, (nuint)j + 8);
                a2.StoreUnsafe(ref zr, (nuint)j + 16);
                a3.StoreUnsafe(ref zr, (nuint)j + 24);
            }
            for (; j + 8 <= width; j += 8)
            {
                Vector256<float> a = Vector256.LoadUnsafe(ref zr, (nuint)j);
                for (int u = 0; u < rows; u++)
                    a = Vector256.FusedMultiplyAdd(Vector256.Create(h[u * stride]), Vector256.LoadUnsafe(ref m, (nuint)(u * width + j)), a);
                a.StoreUnsafe(ref zr, (nuint)j);
            }
        }
        else if (KernelSettings.UseVector128)
        {
            // The same blocking in 128-bit registers (Arm64, x64 without AVX2): 4 accumulators of 4
            // columns; MultiplyAddEstimate is a fused multiply-add where the CPU has one, else a
            // multiply and an add rather than a software FMA per lane.
            ref float m = ref MemoryMarshal.GetReference(matrix);
            ref float zr = ref MemoryMarshal.GetReference(z);
            for (; j + 16 <= width; j += 16)
            {
                Vector128<float> a0 = Vector128.LoadUnsafe(ref zr, (nuint)j), a1 = Vector128.LoadUnsafe(ref zr, (nuint)j + 4);
                Vector128<float> a2 = Vector128.LoadUnsafe(ref zr, (nuint)j + 8), a3 = Vector128.LoadUnsafe(ref zr, (nuint)j + 12);
                for (int u = 0; u < rows; u++)
                {
                    var hu = Vector128.Create(h[u * stride]);
                    nuint at = (nuint)(u * width + j);
                    a0 = Vector128.MultiplyAddEstimate(hu, Vector128.LoadUnsafe(ref m, at), a0);
                    a1 = Vector128.MultiplyAddEstimate(hu, Vector128.LoadUnsafe(ref m, at + 4), a1);
                    a2 = Vector128.MultiplyAddEstimate(hu, Vector128.LoadUnsafe(ref m, at + 8), a2);
                    a3 = Vector128.MultiplyAddEstimate(hu, Vector128.LoadUnsafe(ref m, at + 12), a3);
                }
                a0.StoreUnsafe(ref zr, (nuint)j);
                a1.StoreUnsafe(ref zr, (nuint)j + 4);
                a2.StoreUnsafe(ref zr, (nuint)j + 8);
                a3.StoreUnsafe(ref zr, (nuint)j + 12);
            }
            for (; j + 4 <= width; j += 4)
            {
                Vector128<float> a = Vector128.LoadUnsafe(ref zr, (nuint)j);
                for (int u = 0; u < rows; u++)
                    a = Vector128.MultiplyAddEstimate(Vector128.Create(h[u * stride]), Vector128.LoadUnsafe(ref m, (nuint)(u * width + j)), a);
                a.StoreUnsafe(ref zr, (nuint)j);
            }
        }
        for (; j < width; j++)
        {
            float a = z[j];
            for (int u = 0; u < rows; u++) a = ScalarMath.MultiplyAdd(h[u * stride], matrix[u * width + j], a);
            z[j] = a;
        }
    }
}
