namespace Unroll;

/// <summary>One-hot encoding of integer class ids (Keras <c>to_categorical</c>).</summary>
public static class OneHot
{
    /// <summary>
    /// One row per id with a 1 in column <c>id</c> and 0 elsewhere. <paramref name="numClasses"/>
    /// defaults to the largest id + 1. Ids must be whole numbers in [0, numClasses).
    /// </summary>
    /// <exception cref="ArgumentException">An id is not a whole number in range.</exception>
    public static Matrix ToCategorical(ReadOnlySpan<float> classIds, int? numClasses = null)
    {
        for (int i = 0; i < classIds.Length; i++)
        {
            float id = classIds[i];
            if (!(id >= 0f) || id != MathF.Floor(id) || id > int.MaxValue - 1)
                throw new ArgumentException($"Class ids must be whole numbers ≥ 0, but index {i} holds {Format(id)}.", nameof(classIds));
        }

        int classes;
        if (numClasses is int given)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(given, nameof(numClasses));
            classes = given;
        }
        else
        {
            if (classIds.IsEmpty)
                throw new ArgumentException("numClasses cannot be inferred from an empty list of class ids; pass it explicitly.", nameof(classIds));
            classes = (int)System.Numerics.Tensors.TensorPrimitives.Max(classIds) + 1;
        }

        var data = new float[checked(classIds.Length * classes)];
        for (int i = 0; i < classIds.Length; i++)
        {
            int id = (int)classIds[i];
            if (id >= classes)
                throw new ArgumentException($"Class ids must be below numClasses = {classes}, but index {i} holds {id}.", nameof(classIds));
            data[i * classes + id] = 1f;
        }
        return new Matrix(classIds.Length, classes, data);
    }

    /// <summary>
    /// One-hot encodes a one-column matrix of class ids, such as the labels from
    /// <see cref="MatrixExtensions.SplitLabel"/>. See <see cref="ToCategorical(ReadOnlySpan{float}, int?)"/>.
    /// </summary>
    public static Matrix ToCategorical(Matrix classIds, int? numClasses = null)
    {
        ArgumentNullException.ThrowIfNull(classIds);
        if (classIds.Columns != 1)
            throw new ArgumentException($"Expected a matrix with 1 column of class ids, but it has {classIds.Columns} columns.", nameof(classIds));
        return ToCategorical(classIds.Data, numClasses);
    }

    private static string Format(float value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
