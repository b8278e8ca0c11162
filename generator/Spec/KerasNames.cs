namespace Unroll.Generator.Spec;

/// <summary>The Keras spellings of activations and initialisers, for comments and summaries.</summary>
internal static class KerasNames
{
    public static string Of(ActivationKind kind) => kind switch
    {
        ActivationKind.Linear => "linear",
        ActivationKind.ReLU => "relu",
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.Tanh => "tanh",
        ActivationKind.Softmax => "softmax",
        // Both are Keras's "hard_sigmoid"; which one a file means is told by its keras_version.
        ActivationKind.HardSigmoid or ActivationKind.HardSigmoidKeras2 => "hard_sigmoid",
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "An activation without a Keras name."),
    };

    public static string Of(InitializerKind kind) => kind switch
    {
        InitializerKind.GlorotUniform => "glorot_uniform",
        InitializerKind.GlorotNormal => "glorot_normal",
        InitializerKind.HeUniform => "he_uniform",
        InitializerKind.HeNormal => "he_normal",
        InitializerKind.Zeros => "zeros",
        InitializerKind.Ones => "ones",
        InitializerKind.RandomUniform => "uniform",
        InitializerKind.Orthogonal => "orthogonal",
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "An initialiser without a Keras name."),
    };

    /// <summary>The C# member of the runtime enum, e.g. <c>ReLU</c>.</summary>
    public static string Member(ActivationKind kind) => kind.ToString();

    public static string Member(InitializerKind kind) => kind.ToString();
}
