namespace Unroll.Tests.Training;

/// <summary>The public <see cref="ParameterTensor"/>: immutable, compared by value, built as generated code builds it.</summary>
public class ParameterTensorTests
{
    [Fact]
    public void The_shape_is_a_copy_that_cannot_be_written()
    {
        int[] dims = [8, 12];
        var tensor = new ParameterTensor("dense/kernel", 0, dims);
        dims[0] = 1;

        Assert.Equal([8, 12], tensor.Shape);
        Assert.IsNotType<int[]>(tensor.Shape);
        Assert.Throws<NotSupportedException>(() => ((IList<int>)tensor.Shape)[0] = 1);
        Assert.Equal(96, tensor.Length);
    }

    [Fact]
    public void A_collection_expression_builds_a_trainable_tensor_as_generated_code_writes_it()
    {
        ParameterTensor tensor = new("dense/bias", 96, [12]);

        Assert.True(tensor.Trainable);
        Assert.Equal("dense/bias [96, 108) (12)", tensor.ToString());
        Assert.False(new ParameterTensor("bn/moving_mean", 0, [4], trainable: false).Trainable);
    }

    [Fact]
    public void Tensors_are_equal_by_value_including_the_shape()
    {
        Assert.Equal(new ParameterTensor("a/kernel", 0, [2, 3]), new ParameterTensor("a/kernel", 0, [2, 3]));
        Assert.Equal(new ParameterTensor("a/kernel", 0, [2, 3]).GetHashCode(), new ParameterTensor("a/kernel", 0, [2, 3]).GetHashCode());
        Assert.NotEqual(new ParameterTensor("a/kernel", 0, [2, 3]), new ParameterTensor("a/kernel", 0, [3, 2]));
        Assert.NotEqual(new ParameterTensor("a/kernel", 0, [2, 3]), new ParameterTensor("a/kernel", 0, [2, 3], trainable: false));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ParameterTensor("", 0, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterTensor("a", -1, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterTensor("a", 0, [2, -1]));
    }
}
