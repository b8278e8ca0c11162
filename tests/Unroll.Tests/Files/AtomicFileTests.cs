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

    [Theory]
    [InlineData(230, 'w')]
    [InlineData(255, 'w')]
    [InlineData(127, 'é')] // 254 UTF-8 bytes
    public void A_target_name_as_long_as_the_file_system_allows_still_saves(int length, char letter)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File(new string(letter, length));
        var saved = new PimaNet(seed: 1);
        saved.SaveWeights(path);
        saved.SaveWeights(path); // over the first, cleaning as it goes
        var loaded = new PimaNet(seed: 2);
        loaded.LoadWeights(path);
        Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void The_temporary_file_is_named_after_its_target_and_ends_in_unroll_tmp()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("weights.safetensors");
        string[] during = [];
        AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            during = Directory.GetFiles(folder.Path);
        });
        string temporary = Path.GetFileName(Assert.Single(during));
        Assert.Matches(@"^\.weights\.safetensors\.[0-9a-f]{8}\.unroll\.tmp$", temporary);
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    private static string Stale(TemporaryFolder folder, string target, string digits, TimeSpan age)
    {
        string path = folder.File(AtomicFile.TemporaryStem(target) + "." + digits + AtomicFile.Suffix);
        File.WriteAllBytes(path, new byte[100]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    [Theory]
    [InlineData("weights.safetensors")]
    [InlineData(null)] // a 250-character name: the temporary names carry a hash of it
    public void Temporary_files_left_by_a_killed_save_are_removed_by_the_next_save_to_the_same_target(string? name)
    {
        name ??= new string('n', 250);
        using var folder = new TemporaryFolder();
        TimeSpan old = AtomicFile.StaleAfter + TimeSpan.FromMinutes(1);
        string[] stale = [.. Enumerable.Range(0, 5).Select(i => Stale(folder, name, $"{i:x8}", old))];
        string[] kept =
        [
            Stale(folder, "other.safetensors", "0000abcd", old),             // another target's
            Stale(folder, name, "0000beef", TimeSpan.Zero),                   // too young: perhaps a writer that has not locked it yet
            folder.File(AtomicFile.TemporaryStem(name) + ".notes" + AtomicFile.Suffix), // not a name Unroll makes
        ];
        File.WriteAllBytes(kept[^1], []);
        File.SetLastWriteTimeUtc(kept[^1], DateTime.UtcNow - old);

        new PimaNet(seed: 1).SaveWeights(folder.File(name));

        Assert.All(stale, path => Assert.False(File.Exists(path), path));
        Assert.All(kept, path => Assert.True(File.Exists(path), path));
    }

    [Fact]
    public void A_temporary_file_a_live_writer_holds_is_left_alone()
    {
        using var folder = new TemporaryFolder();
        string live = Stale(folder, "w.safetensors", "0000cafe", AtomicFile.StaleAfter + TimeSpan.FromMinutes(1));
        // Held as a writer holds its temporary file (a write that has been going on for a while).
        using (new FileStream(live, FileMode.Open, FileAccess.Write, FileShare.Delete))
        {
            new PimaNet(seed: 1).SaveWeights(folder.File("w.safetensors"));
            Assert.True(File.Exists(live));
        }
        new PimaNet(seed: 1).SaveWeights(folder.File("w.safetensors"));
        Assert.False(File.Exists(live));
    }
}
