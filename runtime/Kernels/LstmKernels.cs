using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll.Kernels;

/// <summary>
/// LSTM backpropagation through time, per sample, gates i, f, c, o (Keras order). Shape-generic and
/// vectorised along the 4·units gate axis; it reads the gates and states the generated forward
/// recurrence (one method per layer and vector width) cached.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmKernels
{
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
        if (KernelSettings.UseVector512 && units % 16 == 0)
        {
            BackwardBatched(input, kernel, recurrent, gates, cells, states, outputGradient, kernelGradient, recurrentGradient, biasGradient, inputGradient,
                scratch, initialH, initialC, batch, steps, features, units, returnSequences, activation, recurrentActivation);
            return;
        }
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
                GateGradients(z, dh, dc, tanhC, PreviousCell(cells, initialC, s, t, row, units), units, activation, recurrentActivation);
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
        BiasGradient(dZ, biasGradient, rows, width);
        kernelGradient.Clear();
        for (int d = 0; d < features; d++)
            AddRowTimesMatrix(input.Slice(d), features, rows, dZ, kernelGradient.Slice(d * width, width)); // column d of x, times dZ
        RecurrentGradientBySample(dZ, states, recurrentGradient, initialH, batch, steps, units);
    }

    /// <summary>
    /// Backpropagation through time with every sequence of the batch at each step (AVX-512, units a
    /// multiple of 16): dh for all sequences is one product dZ · Rᵀ per step, blocked 4 sequences ×
    /// 32 units in registers, instead of a dot product per unit and sequence; the weight gradients
    /// are xᵀ·dZ and hₜ₋₁ᵀ·dZ blocked 4 rows × 32 columns, each summed in registers over every row and
    /// stored once, in the same order as the per-sample path (so they round alike).
    /// </summary>
    private static void BackwardBatched(ReadOnlySpan<float> input, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent,
        Span<float> gates, ReadOnlySpan<float> cells, ReadOnlySpan<float> states, ReadOnlySpan<float> outputGradient,
        Span<float> kernelGradient, Span<float> recurrentGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> scratch,
        ReadOnlySpan<float> initialH, ReadOnlySpan<float> initialC, int batch, int steps, int features, int units, bool returnSequences,
        Activation activation, Activation recurrentActivation)
    {
        int width = 4 * units, rows = batch * steps;
        Span<float> work = Workspace(2 * batch * units + width * units);
        Span<float> dhAll = work.Slice(0, batch * units), dcAll = work.Slice(batch * units, batch * units);
        Span<float> transposed = work.Slice(2 * batch * units, width * units); // Rᵀ (4·units, units)
        Span<float> tanhC = scratch.Slice(width + 2 * units, units);
        dhAll.Clear();
        dcAll.Clear();
        for (int j = 0; j < width; j++)
            for (int u = 0; u < units; u++)
                transposed[j * units + u] = recurrent[u * width + j];
        for (int t = steps - 1; t >= 0; t--)
        {
            for (int s = 0; s < batch; s++)
            {
                int row = s * steps + t;
                Span<float> dh = dhAll.Slice(s * units, units), dc = dcAll.Slice(s * units, units);
                if (returnSequences) TensorPrimitives.Add(dh, outputGradient.Slice(row * units, units), dh);
                else if (t == steps - 1) TensorPrimitives.Add(dh, outputGradient.Slice(s * units, units), dh);
                Span<float> z = gates.Slice(row * width, width); // gates in, dZ out
                ActivationKernels.Forward(activation, cells.Slice(row * units, units), tanhC, units);
                GateGradients(z, dh, dc, tanhC, PreviousCell(cells, initialC, s, t, row, units), units, activation, recurrentActivation);
                if (!inputGradient.IsEmpty)
                    for (int d = 0; d < features; d++)
                        inputGradient[row * features + d] = TensorPrimitives.Dot(kernel.Slice(d * width, width), z);
            }
            if (t > 0) StepsTimesTransposed(gates.Slice(t * width), steps * width, batch, transposed, dhAll, width, units);
        }

        ReadOnlySpan<float> dZ = gates.Slice(0, rows * width);
        BiasGradient(dZ, biasGradient, rows, width);
        ColumnsTimesRows(input, features, features, shift: 0, dZ, kernelGradient, batch, steps, firstStep: 0, width);
        if (initialH.IsEmpty)
            ColumnsTimesRows(states, units, units, shift: 1, dZ, recurrentGradient, batch, steps, firstStep: 1, width);
        else
            RecurrentGradientBySample(dZ, states, recurrentGradient, initialH, batch, steps, units);
    }

    [ThreadStatic] private static float[]? t_workspace;

    // Per-thread room for the batched pass (dh and dc of every sequence, Rᵀ): grown once, then reused, so a step allocates nothing.
    private static Span<float> Workspace(int length)
    {
        if (t_workspace is null || t_workspace.Length < length) t_workspace = new float[length];
        return t_workspace.AsSpan(0, length);
    }

    private static ReadOnlySpan<float> PreviousCell(ReadOnlySpan<float> cells, ReadOnlySpan<float> initialC, int s, int t, int row, int units)
        => t > 0 ? cells.Slice((row - 1) * units, units) : initialC.IsEmpty ? default : initialC.Slice(s * units, units);

    /// <summary>
    /// One step's gate gradients dZ (replacing the gates in <paramref name="z"/>) from dh and dc, and
    /// dc for the step before; <paramref name="cPrev"/> is empty for a zero starting cell. Keras's
    /// tanh and sigmoid in vectors, the same operations in the same order as the scalar loop.
    /// </summary>
    private static void GateGradients(Span<float> z, ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> cPrev,
        int units, Activation activation, Activation recurrentActivation)
    {
        int u = 0;
        if (KernelSettings.UseVector512 && activation == Activation.Tanh && recurrentActivation == Activation.Sigmoid)
        {
            ref float zr = ref MemoryMarshal.GetReference(z);
            ref float dhr = ref MemoryMarshal.GetReference(dh);
            ref float dcr = ref MemoryMarshal.GetReference(dc);
            ref float thr = ref MemoryMarshal.GetReference(tanhC);
            ref float cpr = ref MemoryMarshal.GetReference(cPrev);
            var one = Vector512<float>.One;
            for (; u + 16 <= units; u += 16)
            {
                nuint at = (nuint)u;
                var i = Vector512.LoadUnsafe(ref zr, at);
                var f = Vector512.LoadUnsafe(ref zr, at + (nuint)units);
                var g = Vector512.LoadUnsafe(ref zr, at + (nuint)(2 * units));
                var o = Vector512.LoadUnsafe(ref zr, at + (nuint)(3 * units));
                var th = Vector512.LoadUnsafe(ref thr, at);
                var dhu = Vector512.LoadUnsafe(ref dhr, at);
                var dcu = Vector512.LoadUnsafe(ref dcr, at) + dhu * o * (one - th * th);
                var cp = cPrev.IsEmpty ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref cpr, at);
                (dcu * g * (i * (one - i))).StoreUnsafe(ref zr, at);
                (dcu * cp * (f * (one - f))).StoreUnsafe(ref zr, at + (nuint)units);
                (dcu * i * (one - g * g)).StoreUnsafe(ref zr, at + (nuint)(2 * units));
                (dhu * th * (o * (one - o))).StoreUnsafe(ref zr, at + (nuint)(3 * units));
                (dcu * f).StoreUnsafe(ref dcr, at);
            }
        }
        for (; u < units; u++)
        {
            float i = z[u], f = z[units + u], g = z[2 * units + u], o = z[3 * units + u];
            float th = tanhC[u];
            float dcu = dc[u] + dh[u] * o * Slope(activation, th);
            float cp = cPrev.IsEmpty ? 0f : cPrev[u];
            z[u] = dcu * g * Slope(recurrentActivation, i);           // input gate
            z[units + u] = dcu * cp * Slope(recurrentActivation, f); // forget gate
            z[2 * units + u] = dcu * i * Slope(activation, g);        // candidate
            z[3 * units + u] = dh[u] * th * Slope(recurrentActivation, o); // output gate
            dc[u] = dcu * f;                                          // to the previous step
        }
    }

    private static void BiasGradient(ReadOnlySpan<float> dZ, Span<float> biasGradient, int rows, int width)
    {
        biasGradient.Clear();
        if (!biasGradient.IsEmpty) // a layer without bias passes none
            for (int row = 0; row < rows; row++) TensorPrimitives.Add(biasGradient, dZ.Slice(row * width, width), biasGradient);
    }

    private static void RecurrentGradientBySample(ReadOnlySpan<float> dZ, ReadOnlySpan<float> states, Span<float> recurrentGradient, ReadOnlySpan<float> initialH,
        int batch, int steps, int units)
    {
        int width = 4 * units;
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

    /// <summary>
    /// dh (batch, units) = dZₜ · Rᵀ for every sequence at once: row s of dZₜ starts at
    /// <c>z[s · stride]</c>, Rᵀ is (width, units). 4 sequences × 32 units in registers over the
    /// width; the rest 1 sequence × 16 units. Writes dh.
    /// </summary>
    private static void StepsTimesTransposed(ReadOnlySpan<float> z, int stride, int batch, ReadOnlySpan<float> transposed, Span<float> dh, int width, int units)
    {
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float m = ref MemoryMarshal.GetReference(transposed);
        ref float dhr = ref MemoryMarshal.GetReference(dh);
        int s = 0;
        if (units % 32 == 0)
            for (; s + 4 <= batch; s += 4)
            {
                ref float z0 = ref Unsafe.Add(ref zr, s * stride);
                ref float z1 = ref Unsafe.Add(ref z0, stride);
                ref float z2 = ref Unsafe.Add(ref z1, stride);
                ref float z3 = ref Unsafe.Add(ref z2, stride);
                for (int col = 0; col < units; col += 32)
                {
                    Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
                    ref float right = ref Unsafe.Add(ref m, col);
                    for (int j = 0; j < width; j++)
                    {
                        var r0 = Vector512.LoadUnsafe(ref right);
                        var r1 = Vector512.LoadUnsafe(ref right, 16);
                        var l0 = Vector512.Create(Unsafe.Add(ref z0, j));
                        c00 = Vector512.FusedMultiplyAdd(l0, r0, c00);
                        c01 = Vector512.FusedMultiplyAdd(l0, r1, c01);
                        var l1 = Vector512.Create(Unsafe.Add(ref z1, j));
                        c10 = Vector512.FusedMultiplyAdd(l1, r0, c10);
                        c11 = Vector512.FusedMultiplyAdd(l1, r1, c11);
                        var l2 = Vector512.Create(Unsafe.Add(ref z2, j));
                        c20 = Vector512.FusedMultiplyAdd(l2, r0, c20);
                        c21 = Vector512.FusedMultiplyAdd(l2, r1, c21);
                        var l3 = Vector512.Create(Unsafe.Add(ref z3, j));
                        c30 = Vector512.FusedMultiplyAdd(l3, r0, c30);
                        c31 = Vector512.FusedMultiplyAdd(l3, r1, c31);
                        right = ref Unsafe.Add(ref right, units);
                    }
                    ref float o0 = ref Unsafe.Add(ref dhr, s * units + col);
                    c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16);
                    ref float o1 = ref Unsafe.Add(ref o0, units);
                    c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16);
                    ref float o2 = ref Unsafe.Add(ref o1, units);
                    c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16);
                    ref float o3 = ref Unsafe.Add(ref o2, units);
                    c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16);
                }
            }
        for (; s < batch; s++)
        {
            ref float zs = ref Unsafe.Add(ref zr, s * stride);
            for (int col = 0; col < units; col += 16)
            {
                Vector512<float> c = default;
                for (int j = 0; j < width; j++)
                    c = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref zs, j)), Vector512.LoadUnsafe(ref m, (nuint)(j * units + col)), c);
                c.StoreUnsafe(ref dhr, (nuint)(s * units + col));
            }
        }
    }

    /// <summary>
    /// c (columns, width) = Σ over sequences s and steps t ≥ <paramref name="firstStep"/> of
    /// a[(s·steps + t − shift)·aStride + i] · b[(s·steps + t)·width + ·]: xᵀ·dZ (shift 0) or
    /// hₜ₋₁ᵀ·dZ (shift 1, from step 1). 4 rows of c × 32 columns summed in registers over every
    /// step of every sequence in order, stored once; the rest 1 row × 16 columns. Writes c.
    /// </summary>
    private static void ColumnsTimesRows(ReadOnlySpan<float> a, int aStride, int columns, int shift, ReadOnlySpan<float> b, Span<float> c,
        int batch, int steps, int firstStep, int width)
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(c);
        int i = 0;
        for (; i + 4 <= columns; i += 4)
            for (int col = 0; col + 32 <= width; col += 32)
            {
                Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
                for (int s = 0; s < batch; s++)
                {
                    int row = s * steps + firstStep;
                    ref float left = ref Unsafe.Add(ref ar, (row - shift) * aStride + i);
                    ref float right = ref Unsafe.Add(ref br, row * width + col);
                    for (int t = firstStep; t < steps; t++)
                    {
                        var r0 = Vector512.LoadUnsafe(ref right);
                        var r1 = Vector512.LoadUnsafe(ref right, 16);
                        var l0 = Vector512.Create(left);
                        c00 = Vector512.FusedMultiplyAdd(l0, r0, c00);
                        c01 = Vector512.FusedMultiplyAdd(l0, r1, c01);
                        var l1 = Vector512.Create(Unsafe.Add(ref left, 1));
                        c10 = Vector512.FusedMultiplyAdd(l1, r0, c10);
                        c11 = Vector512.FusedMultiplyAdd(l1, r1, c11);
                        var l2 = Vector512.Create(Unsafe.Add(ref left, 2));
                        c20 = Vector512.FusedMultiplyAdd(l2, r0, c20);
                        c21 = Vector512.FusedMultiplyAdd(l2, r1, c21);
                        var l3 = Vector512.Create(Unsafe.Add(ref left, 3));
                        c30 = Vector512.FusedMultiplyAdd(l3, r0, c30);
                        c31 = Vector512.FusedMultiplyAdd(l3, r1, c31);
                        left = ref Unsafe.Add(ref left, aStride);
                        right = ref Unsafe.Add(ref right, width);
                    }
                }
                ref float o0 = ref Unsafe.Add(ref cr, i * width + col);
                c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16);
                ref float o1 = ref Unsafe.Add(ref o0, width);
                c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16);
                ref float o2 = ref Unsafe.Add(ref o1, width);
                c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16);
                ref float o3 = ref Unsafe.Add(ref o2, width);
                c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16);
            }
        for (; i < columns; i++)
            for (int col = 0; col < width; col += 16)
            {
                Vector512<float> acc = default;
                for (int s = 0; s < batch; s++)
                    for (int t = firstStep; t < steps; t++)
                    {
                        int row = s * steps + t;
                        acc = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ar, (row - shift) * aStride + i)), Vector512.LoadUnsafe(ref br, (nuint)(row * width + col)), acc);
                    }
                acc.StoreUnsafe(ref cr, (nuint)(i * width + col));
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
