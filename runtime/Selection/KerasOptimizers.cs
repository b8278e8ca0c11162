namespace Unroll;

/// <summary>
/// Optimizers by their Keras names, as a grid lists them (<c>optimizer=['SGD', 'Adam']</c>): the
/// Keras class name or its lower-case string identifier, in any case.
/// </summary>
internal static class KerasOptimizers
{
    // Keras class names of the optimizers Unroll has, in the order error messages list them.
    public static IReadOnlyList<string> Names { get; } = ["SGD", "Adam", "RMSprop", "Adagrad", "Adadelta"];

    /// <summary>The Keras class name for <paramref name="name"/>, or null when Unroll has no such optimizer.</summary>
    public static string? ClassName(string name)
        => Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A new optimizer; a null <paramref name="learningRate"/> keeps the optimizer's Keras default,
    /// and <paramref name="momentum"/> is for SGD only.
    /// </summary>
    public static Optimizer Create(string name, float? learningRate, float? momentum)
    {
        string className = ClassName(name) ?? throw UnknownName(name, "name");
        if (momentum is not null && className != "SGD")
            throw new ArgumentException($"momentum applies to SGD only, not to {className}.", nameof(momentum));
        return className switch
        {
            "SGD" => learningRate is float sgdRate ? new Sgd(sgdRate, momentum ?? 0f) : new Sgd(momentum: momentum ?? 0f),
            "Adam" => learningRate is float adamRate ? new Adam(adamRate) : new Adam(),
            "RMSprop" => learningRate is float rmsRate ? new RmsProp(rmsRate) : new RmsProp(),
            "Adagrad" => learningRate is float adagradRate ? new Adagrad(adagradRate) : new Adagrad(),
            _ => learningRate is float adadeltaRate ? new Adadelta(adadeltaRate) : new Adadelta(),
        };
    }

    public static ArgumentException UnknownName(string name, string parameter)
        => new($"Unroll has no optimizer named '{name}'; the names are {string.Join(", ", Names)} (any case).", parameter);
}
