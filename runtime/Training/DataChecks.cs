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
        int perSample = loss.LabelSize(model.OutputSize);
        if (labels.Length != samples * perSample)
            throw new ArgumentException(
                $"Expected {samples * perSample} label values ({samples} samples × {perSample} for {loss.Name} on {model.OutputSize} outputs), but {parameter} has {labels.Length}.",
                parameter);
        loss.ValidateLabels(labels, model.OutputSize);
    }

    public static void Finite(Model model, ReadOnlySpan<float> inputs, string parameter)
    {
        int index = inputs.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (index >= 0)
            throw new ArgumentException(
                $"{parameter} holds {inputs[index]} at sample {index / model.InputSize}, feature {index % model.InputSize}; expected finite numbers.",
                parameter);
    }
}
