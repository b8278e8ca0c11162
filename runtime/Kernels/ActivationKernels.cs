using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll.Kernels;

/// <summary>
/// Activation functions over a (batch, units) block, forward in place and backward as
/// <c>g ← g ⊙ f'(a)</c> from the cached output <c>a</c>. Shape-independent, so they live here,
/// tested once, instead of being generated for every layer.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ActivationKernels
{
    /// <summary>Applies <paramref name="activation"/> in place to rows of <paramref name="units"/> values.</summary>
    public static void Forward(Activation activation, Span<float> values, int units)
    {
        // A handful of values (one sample's outputs): a scalar loop beats the vector call overhead.
        if (values.Length < 8 && activation is Activation.Sigmoid or Activation.Tanh)
        {
            foreach (ref float v in values)
                v = activation == Activation.Sigmoid ? 1f / (1f + MathF.Exp(-v)) : MathF.Tanh(v);
            return;
        }
        switch (activation)
        {
            case Activation.Linear: break;
            case Activation.ReLU: TensorPrimitives.Max(values, 0f, values); break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(values, values); break;
            case Activation.Tanh: TensorPrimitives.Tanh(values, values); break;
            case Activation.Softmax: SoftmaxRows(values, units); break;
            case Activation.HardSigmoid: HardSigmoid(values, 1f / 6f); break;
            case Activation.HardSigmoidKeras2: HardSigmoid(values, 0.2f); break;
            default: throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    /// <summary>Copies <paramref name="input"/> to <paramref name="output"/> and applies <paramref name="activation"/> there.</summary>
    public static void Forward(Activation activation, ReadOnlySpan<float> input, Span<float> output, int units)
    {
        input.CopyTo(output);
        Forward(activation, output.Slice(0, input.Length), units);
    }

    /// <summary>Multiplies the gradient <paramref name="grad"/> by the derivative at the cached outputs <paramref name="output"/>.</summary>
    public static void Backward(Activation activation, ReadOnlySpan<float> output, Span<float> grad, int units)
    {
        switch (activation)
        {
            case Activation.Linear: break;
            case Activation.ReLU: ReluBackward(output, grad); break;
            case Activation.Sigmoid: SigmoidBackward(output, grad); break;
            case Activation.Tanh: TanhBackward(output, grad); break;
            case Activation.Softmax: SoftmaxBackward(output, grad, units); break;
            case Activation.HardSigmoid: HardSigmoidBackward(output, grad, 1f / 6f); break;
            case Activation.HardSigmoidKeras2: HardSigmoidBackward(output, grad, 0.2f); break;
            default: throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    /// <summary><c>clip(slope·x + 0.5, 0, 1)</c>: slope 1/6 is Keras 3's hard_sigmoid, 0.2 Keras 2's.</summary>
    public static void HardSigmoid(Span<float> values, float slope)
    {
        TensorPrimitives.Multiply(values, slope, values);
        TensorPrimitives.Add(values, 0.5f, values);
        TensorPrimitives.Max(values, 0f, values);
        TensorPrimitives.Min(values, 1f, values);
    }

    /// <summary><c>g ← g ⊙ slope</c> where the output is strictly inside (0, 1), 0 where it was clipped.</summary>
    public static void HardSigmoidBackward(ReadOnlySpan<float> output, Span<float> grad, float slope)
    {
        for (int i = 0; i < grad.Length; i++)
            grad[i] = output[i] > 0f && output[i] < 1f ? grad[i] * slope : 0f;
    }

    /// <summary>Softmax of each row, shifted by the row maximum so large logits cannot overflow.</summary>
    public static void SoftmaxRows(Span<float> values, int units)
    {
        if (units < ShortRow)
        {
            SoftmaxShortRows(values.Slice(0, values.Length - values.Length % units), units);
            return;
        }
        for (int row = 0; row + units <= values.Length; row += units)
        {
            Span<float> r = values.Slice(row, units);
            float max = TensorPrimitives.Max(r);
            TensorPrimitives.Subtract(r, max, r);
            TensorPrimitives.Exp(r, r);
            float sum = TensorPrimitives.Sum(r);
            TensorPrimitives.Multiply(r, 1f / sum, r);
        }
    }

    // Rows shorter than this (a 10-class output) cost more in five library calls each than in their arithmetic.
    private const int ShortRow = 32;

    /// <summary>
    /// Short rows: the maxima, shifts, sums and scaling in plain loops, the exponentials in one
    /// vectorised call over the whole batch (the same function per element as row by row).
    /// </summary>
    private static void SoftmaxShortRows(Span<float> values, int units)
    {
        for (int row = 0; row < values.Length; row += units)
        {
            Span<float> r = values.Slice(row, units);
            float max = r[0];
            for (int j = 1; j < r.Length; j++) max = MathF.Max(max, r[j]);
            for (int j = 0; j < r.Length; j++) r[j] -= max;
        }
        TensorPrimitives.Exp(values, values);
        for (int row = 0; row < values.Length; row += units)
        {
            Span<float> r = values.Slice(row, units);
            float sum = 0f;
            for (int j = 0; j < r.Length; j++) sum += r[j];
            float scale = 1f / sum;
            for (int j = 0; j < r.Length; j++) r[j] *= scale;
        }
    }

    /// <summary><c>g ← g ⊙ [a &gt; 0]</c>.</summary>
    public static void ReluBackward(ReadOnlySpan<float> output, Span<float> grad)
    {
        ref float a = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(grad);
        int n = grad.Length, i = 0;
        if (KernelSettings.UseVector512)
        {
            for (; i + 16 <= n; i += 16)
            {
                var mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512<float>.Zero);
                Vector512.BitwiseAnd(Vector512.LoadUnsafe(ref g, (nuint)i), mask).StoreUnsafe(ref g, (nuint)i);
            }
        }
        else if (KernelSettings.UseVector256)
        {
            for (; i + 8 <= n; i += 8)
            {
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256<float>.Zero);
                Vector256.BitwiseAnd(Vector256.LoadUnsafe(ref g, (nuint)i), mask).StoreUnsafe(ref g, (nuint)i);
            }
        }
        else if (KernelSettings.UseVector128)
        {
            for (; i + 4 <= n; i += 4)
            {
                var mask = Vector128.GreaterThan(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128<float>.Zero);
                Vector128.BitwiseAnd(Vector128.LoadUnsafe(ref g, (nuint)i), mask).StoreUnsafe(ref g, (nuint)i);
            }
        }
        for (; i < n; i++)
            if (!(Unsafe.Add(ref a, i) > 0f)) Unsafe.Add(ref g, i) = 0f;
    }

    /// <summary><c>g ← g ⊙ a(1 − a)</c>.</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> output, Span<float> grad)
    {
        ref float a = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(grad);
        int n = grad.Length, i = 0;
        if (KernelSettings.UseVector512)
        {
            for (; i + 16 <= n; i += 16)
            {
                var av = Vector512.LoadUnsafe(ref a, (nuint)i);
                (Vector512.LoadUnsafe(ref g, (nuint)i) * av * (Vector512<float>.One - av)).StoreUnsafe(ref g, (nuint)i);
            }
        }
        else if (KernelSettings.UseVector256)
        {
            for (; i + 8 <= n; i += 8)
            {
                var av = Vector256.LoadUnsafe(ref a, (nuint)i);
                (Vector256.LoadUnsafe(ref g, (nuint)i) * av * (Vector256<float>.One - av)).StoreUnsafe(ref g, (nuint)i);
            }
        }
        else if (KernelSettings.UseVector128)
        {
            for (; i + 4 <= n; i += 4)
            {
                var av = Vector128.LoadUnsafe(ref a, (nuint)i);
                (Vector128.LoadUnsafe(ref g, (nuint)i) * av * (Vector128<float>.One - av)).StoreUnsafe(ref g, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float av = Unsafe.Add(ref a, i);
            Unsafe.Add(ref g, i) *= av * (1f - av);
        }
    }

    /// <summary><c>g ← g ⊙ (1 − a²)</c>.</summary>
    public static void TanhBackward(ReadOnlySpan<float> output, Span<float> grad)
    {
        ref float a = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(grad);
        int n = grad.Length, i = 0;
        if (KernelSettings.UseVector512)
        {
            for (; i + 16 <= n; i += 16)
            {
                var av = Vector512.LoadUnsafe(ref a, (nuint)i);
                (Vector512.LoadUnsafe(ref g, (nuint)i) * (Vector512<float>.One - av * av)).StoreUnsafe(ref g, (nuint)i);
            }
        }
        else if (KernelSettings.UseVector256)
        {
            for (; i + 8 <= n; i += 8)
            {
                var av = Vector256.LoadUnsafe(ref a, (nuint)i);
                (Vector256.LoadUnsafe(ref g, (nuint)i) * (Vector256<float>.One - av * av)).StoreUnsafe(ref g, (nuint)i);
            }
        }
        else if (KernelSettings.UseVector128)
        {
            for (; i + 4 <= n; i += 4)
            {
                var av = Vector128.LoadUnsafe(ref a, (nuint)i);
                (Vector128.LoadUnsafe(ref g, (nuint)i) * (Vector128<float>.One - av * av)).StoreUnsafe(ref g, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float av = Unsafe.Add(ref a, i);
            Unsafe.Add(ref g, i) *= 1f - av * av;
        }
    }

    /// <summary>Softmax Jacobian-vector product per row: <c>g ← a ⊙ (g − Σ g·a)</c>.</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> output, Span<float> grad, int units)
    {
        for (int row = 0; row + units <= grad.Length; row += units)
        {
            ReadOnlySpan<float> a = output.Slice(row, units);
            Span<float> g = grad.Slice(row, units);
            float dot = TensorPrimitives.Dot(g, a);
            TensorPrimitives.Subtract(g, dot, g);
            TensorPrimitives.Multiply(g, a, g);
        }
    }
}
