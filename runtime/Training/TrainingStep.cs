namespace Unroll;

/// <summary>A step of training: the epoch and the batch within it, both counted from 1 as Keras prints them.</summary>
public readonly record struct TrainingStep(int Epoch, int Batch);
