namespace Unroll;

public abstract partial class Model
{
    // Networks that start with an Embedding take token ids. The kernels read every input as a float
    // (ids up to 2^24 are exact), so these overloads convert once per call; the float overloads
    // remain the allocation-free path.

    /// <summary>Predicts from token ids (a network whose first layer is an Embedding).</summary>
    public float[] Predict(ReadOnlySpan<int> tokenIds) => Predict((ReadOnlySpan<float>)ToFloats(tokenIds));

    /// <summary>Trains on token ids; see <see cref="Fit(float[], float[], int, int, int, double, ValueTuple{float[], float[]}?, bool, int?, IReadOnlyList{Callback}?)"/>.</summary>
    public History Fit(int[] tokenIds, float[] labels, int epochs = 1, int batchSize = 32, int verbose = 1,
        double validationSplit = 0, (int[] TokenIds, float[] Labels)? validationData = null, bool shuffle = true, int? seed = null,
        IReadOnlyList<Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        (float[], float[])? validation = validationData is var (ids, y) ? (ToFloats(ids), y) : null;
        return Fit(ToFloats(tokenIds), labels, epochs, batchSize, verbose, validationSplit, validation, shuffle, seed, callbacks);
    }

    /// <summary>Evaluates on token ids; see <see cref="Evaluate(float[], float[], int)"/>.</summary>
    public Evaluation Evaluate(int[] tokenIds, float[] labels, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        return Evaluate(ToFloats(tokenIds), labels, batchSize);
    }

    internal static float[] ToFloats(ReadOnlySpan<int> ids)
    {
        var values = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++) values[i] = ids[i];
        return values;
    }
}
