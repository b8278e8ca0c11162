namespace Unroll;

/// <summary>The names Unroll writes into the <c>__metadata__</c> of its safetensors files.</summary>
internal static class WeightFormat
{
    /// <summary>"format" of a weights-only file (<see cref="Model.SaveWeights"/>).</summary>
    public const string Weights = "unroll.weights";

    /// <summary>"format" of a whole-model file (<see cref="Model.Save"/>): weights, optimizer state, training configuration.</summary>
    public const string Model = "unroll.model/1";

    /// <summary>Optimizer state tensors are named <c>optimizer/{slot}/{parameter}</c>, e.g. <c>optimizer/m/dense/kernel</c>.</summary>
    public const string OptimizerPrefix = "optimizer/";
}
