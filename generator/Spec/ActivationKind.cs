namespace Unroll.Generator.Spec;

/// <summary>Mirror of the runtime's <c>Unroll.Activation</c>, by value (the generator never loads the runtime).</summary>
internal enum ActivationKind
{
    Linear = 0,
    ReLU = 1,
    Sigmoid = 2,
    Tanh = 3,
    Softmax = 4,
}
