using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll;

/// <summary>Checks of user data, each failing with what was expected and what was found.</summary>
internal static class DataChecks
{
    /// <summary>Returns the number of samples in <paramref name="inputs"/>.</summary>
    public static int SampleCount(Model model, ReadOnlySpan<float> inputs, string parameter)
    {
        if (inputs.Length == 0 || inputs.Length % model.InputSize != 0)
            throw new ArgumentException(
                $"{model.Name} takes {model.InputSize} values per sample, but {parameter} has {inputs.Length} values, which is not a positive multiple of {model.InputSize}.",
                parameter);
        return inputs.Length / model.InputSize;
    }

    public static void MatchLabels(Model model, Loss loss, int samples, ReadOnlySpan<float> labels, string parameter)
    {
        int perSample = loss.LabelSize(model.OutputSize, model.OutputClasses);
        if (labels.Length != samples * perSample)
        {
            int positions = model.OutputSize / model.OutputClasses;
            // Class ids given to a loss that wants one-hot rows: the commonest slip of a Keras tutorial.
            string hint = loss is CategoricalCrossEntropy && labels.Length == samples * positions
                ? $" These look like class ids, one per {(positions == 1 ? "sample" : "position")}: one-hot encode them with OneHot.ToCategorical(labels, numClasses: {model.OutputClasses}), or compile with Loss.SparseCategoricalCrossEntropy."
                : "";
            throw new ArgumentException(
                $"Expected {samples * perSample} label values ({samples} samples × {perSample} for {loss.Name} on {model.OutputSize} outputs), but {parameter} has {labels.Length}.{hint}",
                parameter);
        }
        loss.ValidateLabels(labels, model.OutputSize, model.OutputClasses);
    }

    /// <summary>
    /// Every input value is finite, and for a network that starts with an Embedding a whole
    /// number in [0, vocabulary); the first offender is named by sample and feature. Run on all the
    /// data before the first step, so that a bad value never meets the weights.
    /// </summary>
    public static void Inputs(Model model, ReadOnlySpan<float> inputs, string parameter)
    {
        int index = IndexOfNonFinite(inputs);
        if (index >= 0)
            throw new ArgumentException(
                $"{parameter} holds {inputs[index]} at sample {index / model.InputSize}, feature {index % model.InputSize}; expected finite numbers.",
                parameter);
        if (model.InputVocabulary is int vocabulary)
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                float id = inputs[i];
                if (!(id >= 0 && id < vocabulary) || id != MathF.Floor(id))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"{parameter} holds token id {id} at sample {i / model.InputSize}, position {i % model.InputSize}; expected a whole number in [0, {vocabulary}): {model.Name}'s Embedding has {vocabulary} rows."),
                        parameter);
            }
        }
    }

    /// <summary>A stateful network takes whole batches only: each row carries its own sequence.</summary>
    public static void WholeBatches(Model model, int samples, string parameter)
    {
        if (model.FixedBatchSize is int batch && samples % batch != 0)
            throw new ArgumentException(
                $"{model.Name} is stateful with batches of {batch} samples, but {parameter} has {samples} samples, which is not a multiple of {batch}; the last batch would be partial.",
                parameter);
    }

    /// <summary>
    /// The first NaN or infinity, or -1. Vectorised (x − x is 0 exactly when x is finite), since
    /// it scans every input of every Fit call: the generic span search is 10× slower on floats.
    /// </summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        int i = 0, n = values.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 64 <= n; i += 64)
            {
                var a = Vector512.LoadUnsafe(ref start, (nuint)i);
                var b = Vector512.LoadUnsafe(ref start, (nuint)(i + 16));
                var c = Vector512.LoadUnsafe(ref start, (nuint)(i + 32));
                var d = Vector512.LoadUnsafe(ref start, (nuint)(i + 48));
                var any = (a - a).AsUInt32() | (b - b).AsUInt32() | (c - c).AsUInt32() | (d - d).AsUInt32();
                if (any != Vector512<uint>.Zero) break; // the scalar loop below finds which one
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= n; i += 32)
            {
                var a = Vector256.LoadUnsafe(ref start, (nuint)i);
                var b = Vector256.LoadUnsafe(ref start, (nuint)(i + 8));
                var c = Vector256.LoadUnsafe(ref start, (nuint)(i + 16));
                var d = Vector256.LoadUnsafe(ref start, (nuint)(i + 24));
                var any = (a - a).AsUInt32() | (b - b).AsUInt32() | (c - c).AsUInt32() | (d - d).AsUInt32();
                if (any != Vector256<uint>.Zero) break; // the scalar loop below finds which one
            }
        }
        for (; i < n; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
