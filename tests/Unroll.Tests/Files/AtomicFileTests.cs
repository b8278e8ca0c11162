using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>Writes go to a temporary file renamed into place: a failed write leaves the old file whole.</summary>
public class AtomicFileTests
{
    [Fact]
    public void A_write_that_fails_midway_leaves_the_previous_file_and_no_litter()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("weights.safetensors");
        new PimaNet(seed: 1).SaveWeights(path);
        byte[] good = File.ReadAllBytes(path);

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("disk full (simulated)");
        }));

        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it_whole()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("weights.safetensors");
        var first = new PimaNet(seed: 1);
        var second = new PimaNet(seed: 2);
        first.SaveWeights(path);
        second.SaveWeights(path);
        var loaded = new PimaNet(seed: 3);
        loaded.LoadWeights(path);
        Assert.Equal(second.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Saving_creates_missing_folders()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "a", "b", "w.safetensors");
        new PimaNet(seed: 1).SaveWeights(path);
        Assert.True(File.Exists(path));
    }
}
