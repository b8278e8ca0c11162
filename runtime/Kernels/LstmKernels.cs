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
