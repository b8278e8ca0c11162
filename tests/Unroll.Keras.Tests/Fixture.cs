namespace Unroll.Keras.Tests;

/// <summary>Paths of the test data copied beside the test assembly.</summary>
internal static class Fixture
{
    public static string Keras(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras", name);
}
