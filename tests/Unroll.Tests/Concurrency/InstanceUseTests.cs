using System.Text;
using Unroll.Tests.Networks;
using Unroll.Tests.Numerics;

namespace Unroll.Tests.Concurrency;

/// <summary>
/// One instance serves one thread at a time: a call from a second thread while one runs is
/// refused with a message that points at CreatePredictor, never computed on a shared workspace.
/// </summary>
[Collection(SerialCollection.Name)]
public class InstanceUseTests
{
    /// <summary>A progress writer that runs an action the first time Fit writes (inside Fit, on its thread).</summary>
    private sealed class HookWriter(Action onFirstWrite) : TextWriter
    {
        private Action? _hook = onFirstWrite;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            Action? hook = _hook;
            _hook = null;
            hook?.Invoke();
        }
    }

    // More calls in a row from one thread than Model.BiasAfter: the instance is then biased to that
    // thread, which enters without an interlocked operation; the refusals must hold all the same.
    private const int CallsToBias = 200;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_call_from_another_thread_during_Fit_is_refused_and_calls_nested_on_its_thread_pass(bool biasedToFitsThread)
    {
        var net = new PimaNet(seed: 1);
        if (biasedToFitsThread)
            for (int i = 0; i < CallsToBias; i++) net.Predict(new float[8], new float[1]);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(2), 40 * net.InputSize, 1);
        float[] y = Enumerable.Range(0, 40).Select(i => (float)(i % 2)).ToArray();
        string file = Path.Combine(Path.GetTempPath(), $"unroll-use-{Guid.NewGuid():N}.safetensors");
        net.SaveWeights(file);
        byte[] weights = File.ReadAllBytes(file);
        File.Delete(file);
        (string Name, Action Call)[] calls =
        [
            ("Predict(span, span)", () => net.Predict(x.AsSpan(0, 8), new float[1])),
            ("Predict(batch)", () => net.Predict(x)),
            ("Predict(matrix)", () => net.Predict(new Matrix(40, 8, x))),
            ("Fit", () => net.Fit(x, y, verbose: 0)),
            ("Evaluate", () => net.Evaluate(x, y)),
            ("TrainOnBatch", () => net.TrainOnBatch(x, y)),
            ("ComputeGradients", () => net.ComputeGradients(x, y)),
            ("LoadWeights", () => net.LoadWeights(weights)),
            ("Compile", () => net.Compile(new Sgd(), Loss.BinaryCrossEntropy)),
            ("CreatePredictor", () => net.CreatePredictor().Dispose()),
        ];
        var outcomes = new List<string>();
        float[]? nested = null;
        net.Log = new HookWriter(() =>
        {
            nested = net.Predict(x); // same thread, inside Fit: passes
            var other = new Thread(() =>
            {
                foreach (var (name, call) in calls)
                {
                    try
                    {
                        call();
                        outcomes.Add($"{name}: ran");
                    }
                    catch (InvalidOperationException e) when (e.Message.Contains("is already running a call on another thread") && e.Message.Contains("CreatePredictor()"))
                    {
                    }
                    catch (Exception e)
                    {
                        outcomes.Add($"{name}: {e.GetType().Name} {e.Message}");
                    }
                }
            });
            other.Start();
            other.Join();
        });
        net.Fit(x, y, epochs: 1, verbose: 2);
        Assert.Empty(outcomes);
        Assert.NotNull(nested);

        // Fit is over: another thread may use the instance now.
        float[]? after = null;
        var later = new Thread(() => after = net.Predict(x));
        later.Start();
        later.Join();
        Assert.Equal(net.Predict(x), after);
    }

    [Fact]
    public void The_thread_an_instance_is_biased_to_is_refused_while_another_thread_runs_a_call()
    {
        var net = new PimaNet(seed: 1);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(2), 40 * net.InputSize, 1);
        float[] y = Enumerable.Range(0, 40).Select(i => (float)(i % 2)).ToArray();
        net.Compile(new Adam(), Loss.BinaryCrossEntropy);
        float[] output = new float[1];
        for (int i = 0; i < CallsToBias; i++) net.Predict(x.AsSpan(0, 8), output); // biased to this thread
        using var inside = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        net.Log = new HookWriter(() =>
        {
            inside.Set();
            done.Wait();
        });
        var other = new Thread(() => net.Fit(x, y, epochs: 1, verbose: 2));
        other.Start();
        inside.Wait();
        var refused = Assert.Throws<InvalidOperationException>(() => net.Predict(x.AsSpan(0, 8), output));
        Assert.Contains("is already running a call on another thread", refused.Message);
        done.Set();
        other.Join();

        // The other thread is done: this one may call again, many times (biased anew) and nested.
        for (int i = 0; i < CallsToBias; i++) net.Predict(x.AsSpan(0, 8), output);
        net.Log = new HookWriter(() => net.Predict(x.AsSpan(0, 8), output));
        net.Fit(x, y, epochs: 1, verbose: 2);
    }

    // The handshake's narrow window, set up without a race: another thread has claimed the instance
    // (its id in _user) and passed its process-wide barrier, but has not yet taken the bias away
    // (_owner is still this thread). The owner's fast path must see the claim and refuse, leaving
    // nothing marked inside; the 8-thread stress test below meets this window only by chance.
    [Fact]
    public void The_owner_refuses_a_call_when_another_thread_has_claimed_the_instance_but_not_yet_revoked_the_bias()
    {
        var net = new PimaNet(seed: 1);
        float[] x = new float[8], output = new float[1];
        for (int i = 0; i < CallsToBias; i++) net.Predict(x, output);
        const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        var user = typeof(Model).GetField("_user", Private)!;
        var owner = typeof(Model).GetField("_owner", Private)!;
        var ownerInside = typeof(Model).GetField("_ownerInside", Private)!;
        Assert.Equal(Environment.CurrentManagedThreadId, (int)owner.GetValue(net)!); // biased to this thread

        int otherThread = Environment.CurrentManagedThreadId + 1_000;
        user.SetValue(net, otherThread);
        var refused = Assert.Throws<InvalidOperationException>(() => net.Predict(x, output));
        Assert.Contains($"managed thread {otherThread}", refused.Message);
        Assert.Equal(0, (int)ownerInside.GetValue(net)!);

        user.SetValue(net, 0); // the other thread's call ends
        net.Predict(x, output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_call_that_throws_releases_the_instance(bool biased)
    {
        var net = new PimaNet(seed: 1);
        if (biased)
            for (int i = 0; i < CallsToBias; i++) net.Predict(new float[8], new float[1]);
        Assert.Throws<ArgumentException>(() => net.Predict(new float[7]));
        Exception? error = null;
        var other = new Thread(() =>
        {
            try { net.Predict(new float[8]); }
            catch (Exception e) { error = e; }
        });
        other.Start();
        other.Join();
        Assert.Null(error);
    }

    [Fact]
    public void Eight_threads_on_one_instance_get_right_answers_or_a_refusal_never_a_wrong_answer()
    {
        var net = new WideNet(seed: 3);
        var random = new SeededRandom(4);
        float[][] inputs = Enumerable.Range(0, 6).Select(i => GradientCheckTests.RandomArray(random, (i % 2 == 0 ? 1 : 40) * net.InputSize, 1)).ToArray();
        float[][] expected = inputs.Select(i => net.Predict(i)).ToArray();
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        int refused = 0, answered = 0;
        Thread[] callers = Enumerable.Range(0, 8).Select(c => new Thread(() =>
        {
            for (int k = 0; k < 300; k++)
            {
                int i = (k + c) % inputs.Length;
                try
                {
                    float[] outputs = net.Predict(inputs[i]);
                    Interlocked.Increment(ref answered);
                    if (!outputs.AsSpan().SequenceEqual(expected[i])) wrong.Add($"caller {c}, input {i}");
                }
                catch (InvalidOperationException)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (Exception e)
                {
                    wrong.Add($"caller {c}: {e.GetType().Name} {e.Message}");
                }
            }
        })).ToArray();
        foreach (Thread caller in callers) caller.Start();
        foreach (Thread caller in callers) caller.Join();
        Assert.Empty(wrong);
        Assert.Equal(8 * 300, answered + refused);
    }
}
