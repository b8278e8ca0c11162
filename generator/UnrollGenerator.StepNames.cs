namespace Unroll.Generator;

public sealed partial class UnrollGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    public static class StepNames
    {
        public const string Parse = nameof(Parse);
        public const string ReadKerasModel = nameof(ReadKerasModel);
        public const string InferShapes = nameof(InferShapes);
        public const string CheckBakedWeights = nameof(CheckBakedWeights);
        public const string Plan = nameof(Plan);
        public const string Source = nameof(Source);
        public const string Diagnostics = nameof(Diagnostics);
    }
}
