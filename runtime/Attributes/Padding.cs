namespace Unroll;

/// <summary>Border handling of convolutions and pooling, as in Keras.</summary>
public enum Padding
{
    /// <summary>No padding: windows stay inside the input ("valid", the Keras default).</summary>
    Valid = 0,
    /// <summary>Zero padding (−∞ for max pooling) so that the output has ceil(input / stride) positions; extra padding goes after ("same").</summary>
    Same = 1,
}
