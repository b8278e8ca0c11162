namespace Unroll;

/// <summary>
/// One per-parameter state array of an optimizer (Adam's <c>m</c> and <c>v</c>, SGD's momentum),
/// laid out like the parameter buffer; saved with the model so training resumes exactly.
/// </summary>
internal sealed record OptimizerSlot(string Name, float[] Values);
