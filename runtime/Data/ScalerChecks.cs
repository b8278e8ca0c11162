namespace Unroll;

// Argument checks shared by the feature scalers, so both word their errors the same way.
internal static class ScalerChecks
{
    public static void FitInput(string scaler, Matrix data, string parameter)
    {
        ArgumentNullException.ThrowIfNull(data, parameter);
        if (data.Rows == 0)
            throw new ArgumentException($"{scaler}.Fit needs at least 1 row, but the matrix has 0.", parameter);
        for (int i = 0; i < data.Data.Length; i++)
        {
            // A NaN or infinity would silently poison the statistics of its whole column.
            if (!float.IsFinite(data.Data[i]))
                throw new ArgumentException(
                    $"{scaler}.Fit needs finite values, but row {i / data.Columns}, column {i % data.Columns} holds {data.Data[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}.", parameter);
        }
    }

    public static void TransformInput(string scaler, bool fitted, int columns, Matrix data, string parameter)
    {
        ArgumentNullException.ThrowIfNull(data, parameter);
        if (!fitted)
            throw new InvalidOperationException($"{scaler} is not fitted yet; call Fit or FitTransform first.");
        if (data.Columns != columns)
            throw new ArgumentException($"{scaler} was fitted on {columns} columns, but the matrix has {data.Columns}.", parameter);
    }

    public static T[] Fitted<T>(string scaler, T[]? values)
        => values ?? throw new InvalidOperationException($"{scaler} is not fitted yet; call Fit or FitTransform first.");
}
