using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

/// <summary>
/// The order of image axes a layer reads its input in: the data format of a 2-D convolution or
/// pooling layer; null for a layer that reads no image axes (1-D layers are channels last only).
/// </summary>
internal sealed class ImageFormatRead : ILayerVisitor<DataFormatKind?>
{
    public static readonly ImageFormatRead Instance = new();

    public DataFormatKind? Dense(DenseSpec layer) => null;

    public DataFormatKind? Activation(ActivationSpec layer) => null;

    public DataFormatKind? Flatten(FlattenSpec layer) => null;

    public DataFormatKind? Dropout(DropoutSpec layer) => null;

    public DataFormatKind? Conv(ConvSpec layer) => layer.Rank == 2 ? layer.DataFormat : null;

    public DataFormatKind? Pool(PoolSpec layer) => layer.Rank == 2 ? layer.DataFormat : null;

    public DataFormatKind? Embedding(EmbeddingSpec layer) => null;

    public DataFormatKind? Lstm(LstmSpec layer) => null;
}
