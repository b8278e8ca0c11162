using System.Numerics.Tensors;

namespace Unroll.Benchmarks;

/// <summary>
/// <c>--gradient-sum</c>: what a split backward pass of the 1024 × 1024 Dense pays to add its
/// per-thread weight gradients: two 4 MB buffers summed into a third on one thread, the same as two
/// halves on two threads, and a plain 4 MB copy for the memory bandwidth. Stopwatch medians of 51 runs.
/// </summary>
internal static class GradientSum
{
    public static void Run()
    {
        const int n = 1024 * 1024 + 1024;  // dense1024's kernel and bias
        float[] first = new float[n], second = new float[n], sum = new float[n];
        for (int i = 0; i < n; i++) { first[i] = i % 7; second[i] = i % 5; }
        int half = n / 2;
        Console.WriteLine($"sum of two 4 MB gradient buffers, one thread\t{Median(() => TensorPrimitives.Add(first, second, sum)):F0} us");
        Console.WriteLine($"the same as two halves on two threads\t{Median(() => Parallel.Invoke(
            () => TensorPrimitives.Add(first.AsSpan(0, half), second.AsSpan(0, half), sum.AsSpan(0, half)),
            () => TensorPrimitives.Add(first.AsSpan(half), second.AsSpan(half), sum.AsSpan(half)))):F0} us");
        Console.WriteLine($"copy of 4 MB, one thread\t{Median(() => first.AsSpan().CopyTo(sum)):F0} us");
    }

    private static double Median(Action action) => StopwatchMedian.Of(action, warmups: 20, runs: 51);
}
