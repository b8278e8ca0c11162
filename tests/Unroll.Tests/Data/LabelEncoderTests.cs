using CsCheck;

namespace Unroll.Tests.Data;

/// <summary>scikit-learn's LabelEncoder: sorted classes, ids by position, and back.</summary>
public class LabelEncoderTests
{
    [Fact]
    public void The_scikit_learn_example()
    {
        // sklearn: le.fit(["paris", "paris", "tokyo", "amsterdam"]); classes_ → ['amsterdam', 'paris', 'tokyo'].
        var encoder = new LabelEncoder().Fit(["paris", "paris", "tokyo", "amsterdam"]);
        Assert.Equal(["amsterdam", "paris", "tokyo"], encoder.Classes);
        Assert.Equal([2f, 2f, 1f], encoder.Transform(["tokyo", "tokyo", "paris"]));
        Assert.Equal(["tokyo", "tokyo", "paris"], encoder.InverseTransform([2f, 2f, 1f]));
        Assert.Equal(["amsterdam", "tokyo"], encoder.InverseTransform([0, 2]));
    }

    [Fact]
    public void Classes_sort_by_code_point_as_NumPy_sorts_strings()
    {
        var encoder = new LabelEncoder();
        Assert.Equal([2f, 0f, 1f, 3f], encoder.FitTransform(["b", "B", "a", "é"]));
        Assert.Equal(["B", "a", "b", "é"], encoder.Classes);
    }

    [Fact]
    public void Transform_then_inverse_gives_the_labels_back_and_ids_are_dense()
    {
        Gen.String[Gen.Char['a', 'e'], 0, 3].Array[1, 40].Sample(labels =>
        {
            var encoder = new LabelEncoder();
            float[] ids = encoder.FitTransform(labels);
            Assert.Equal(labels, encoder.InverseTransform(ids));
            Assert.Equal(labels.Distinct().Count(), encoder.Classes.Count);
            Assert.Equal(encoder.Classes.Order(StringComparer.Ordinal), encoder.Classes);
            Assert.Equal(Enumerable.Range(0, encoder.Classes.Count).Select(i => (float)i), ids.Distinct().Order());
            // One-hot rows follow: each row's 1 is in its label's column.
            Matrix onehot = OneHot.ToCategorical(ids, encoder.Classes.Count);
            for (int r = 0; r < labels.Length; r++) Assert.Equal(1f, onehot[r, encoder.Classes.ToList().IndexOf(labels[r])]);
        }, iter: 200);
    }

    [Fact]
    public void Unseen_labels_bad_ids_and_an_unfitted_encoder_are_refused_clearly()
    {
        var encoder = new LabelEncoder();
        Assert.Contains("not fitted", Assert.Throws<InvalidOperationException>(() => encoder.Transform(["a"])).Message);
        Assert.Contains("not fitted", Assert.Throws<InvalidOperationException>(() => encoder.Classes).Message);
        encoder.Fit(["cat", "dog"]);
        Assert.Equal("Label 1 is 'bird', which was not seen by Fit; the classes are 'cat', 'dog'. (Parameter 'labels')",
            Assert.Throws<ArgumentException>(() => encoder.Transform(["dog", "bird"])).Message);
        Assert.Contains("expected a whole number in [0, 2)", Assert.Throws<ArgumentException>(() => encoder.InverseTransform([0.5f])).Message);
        Assert.Contains("expected a whole number in [0, 2)", Assert.Throws<ArgumentException>(() => encoder.InverseTransform([2])).Message);
        Assert.Throws<ArgumentException>(() => new LabelEncoder().Fit([]));
        Assert.Throws<ArgumentException>(() => new LabelEncoder().Fit(["a", null!]));
    }
}
