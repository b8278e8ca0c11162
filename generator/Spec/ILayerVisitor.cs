namespace Unroll.Generator.Spec;

/// <summary>
/// One method per layer record: every stage that does something per kind implements this, so a new
/// <see cref="LayerSpec"/> record (which must override <see cref="LayerSpec.Accept{TResult}"/>) does not
/// compile until every stage handles it. No stage has a default branch to forget a kind in.
/// </summary>
internal interface ILayerVisitor<out TResult>
{
    TResult Dense(DenseSpec layer);
    TResult Activation(ActivationSpec layer);
    TResult Flatten(FlattenSpec layer);
    TResult Dropout(DropoutSpec layer);
    TResult Conv(ConvSpec layer);
    TResult Pool(PoolSpec layer);
    TResult Embedding(EmbeddingSpec layer);
    TResult Lstm(LstmSpec layer);
}
