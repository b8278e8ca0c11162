using System.Runtime.InteropServices;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>[BakedWeights]: the weights ship inside the assembly and load without a file.</summary>
public class BakedWeightsTests
{
    [Fact]
    public void A_baked_network_predicts_with_the_weights_built_in()
    {
        // The baked file holds the TF.js Pima fixture's weights (tests/reference/make_baked_fixture.py).
        TensorFlowJsWeightTests.AssertPredictsAsTfjs("pima", BakedPimaNet.CreateBaked());
    }

    [Fact]
    public void Baked_weights_are_mapped_read_only_and_a_trainable_copy_is_asked_for()
    {
        BakedPimaNet mapped = BakedPimaNet.CreateBaked();
        Assert.True(mapped.WeightsAreMapped);
        var e = Assert.Throws<InvalidOperationException>(() => mapped.Parameters.Length);
        Assert.Equal("BakedPimaNet runs on weights mapped read-only from its assembly (CreateBaked()); they cannot be changed or trained. Use CreateBaked(trainable: true) for a writable copy.", e.Message);
        Assert.Throws<InvalidOperationException>(() => mapped.Compile(new Adam(), Loss.BinaryCrossEntropy));
        Assert.Throws<InvalidOperationException>(() => mapped.LoadWeights(new byte[8], "x"));

        BakedPimaNet copy = BakedPimaNet.CreateBaked(trainable: true);
        Assert.False(copy.WeightsAreMapped);
        Assert.Equal(mapped.Weights.ToArray(), copy.Parameters.ToArray());
        copy.Compile(new Adam(), Loss.BinaryCrossEntropy);
        copy.TrainOnBatch(new float[16], [1, 0]);
        Assert.NotEqual(mapped.Weights.ToArray(), copy.Parameters.ToArray());

        // A mapped network still saves its weights.
        using var folder = new TemporaryFolder();
        mapped.SaveWeights(folder.File("w.safetensors"));
        var loaded = new PimaNet(seed: 1);
        loaded.LoadWeights(folder.File("w.safetensors"));
        Assert.Equal(mapped.Weights.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void Mapping_allocates_no_parameter_buffer()
    {
        BakedPimaNet.CreateBaked();
        BakedPimaNet.CreateBaked(trainable: true); // warm up both paths
        long before = GC.GetAllocatedBytesForCurrentThread();
        BakedPimaNet.CreateBaked();
        long mapped = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        BakedPimaNet copy = BakedPimaNet.CreateBaked(trainable: true);
        long copied = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(mapped + copy.ParameterCount * sizeof(float) <= copied, $"mapped {mapped} bytes, copied {copied} bytes");
    }

    [Fact]
    public void The_build_compiles_the_file_in_as_static_data()
    {
        // Unroll.targets wrote obj/…/unroll/pima.safetensors.g.cs; its span reads the image in place.
        ReadOnlySpan<byte> baked = MemoryMarshal.AsBytes(Unroll.Baked.BakedWeightFiles.pima_safetensors)[..Unroll.Baked.BakedWeightFiles.pima_safetensors_Length];
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "baked", "pima.safetensors")), baked.ToArray());
        long before = GC.GetAllocatedBytesForCurrentThread();
        int length = MemoryMarshal.AsBytes(Unroll.Baked.BakedWeightFiles.pima_safetensors).Length;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(length >= baked.Length);
    }

    [Fact]
    public void Loading_checks_values_in_place_and_allocates_no_weight_sized_buffer()
    {
        var net = new LongNet(seed: 1); // 9 154 parameters: a copy would show
        using var folder = new TemporaryFolder();
        net.SaveWeights(folder.File("w.safetensors"));
        byte[] file = File.ReadAllBytes(folder.File("w.safetensors"));
        net.LoadWeights(file, "warm-up");
        long before = GC.GetAllocatedBytesForCurrentThread();
        net.LoadWeights(file, "file");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < net.ParameterCount * sizeof(float) / 4, $"loading {net.ParameterCount} weights allocated {allocated} bytes");
    }
}
