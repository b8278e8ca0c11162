namespace Unroll.Testing.Reference;

/// <summary>
/// Reverse-mode automatic differentiation over float64 scalars (micrograd): every operation
/// records its value, at most two parents and the local derivative towards each. The reference
/// interpreter writes only forward passes in plain loops over these scalars; every gradient it
/// reports comes from the one <see cref="Backward"/> sweep below, so no layer has a hand-written
/// backward pass that could share a mistake with the generated one.
/// </summary>
internal sealed class Tape
{
    private double[] _value = new double[1024];
    private int[] _a = new int[1024], _b = new int[1024];
    private double[] _da = new double[1024], _db = new double[1024];
    private int _count;

    /// <summary>Set when a max or ReLU decided between values closer than float32 can tell apart.</summary>
    public bool NearTie { get; private set; }

    public double Value(int node) => _value[node];

    private int Push(double value, int a = -1, double da = 0, int b = -1, double db = 0)
    {
        if (_count == _value.Length)
        {
            int n = _count * 2;
            Array.Resize(ref _value, n); Array.Resize(ref _a, n); Array.Resize(ref _b, n);
            Array.Resize(ref _da, n); Array.Resize(ref _db, n);
        }
        _value[_count] = value; _a[_count] = a; _da[_count] = da; _b[_count] = b; _db[_count] = db;
        return _count++;
    }

    public int Constant(double value) => Push(value);
    public int Add(int x, int y) => Push(_value[x] + _value[y], x, 1, y, 1);
    public int Sub(int x, int y) => Push(_value[x] - _value[y], x, 1, y, -1);
    public int Mul(int x, int y) => Push(_value[x] * _value[y], x, _value[y], y, _value[x]);
    public int Scale(int x, double c) => Push(_value[x] * c, x, c);
    public int Div(int x, int y) => Push(_value[x] / _value[y], x, 1 / _value[y], y, -_value[x] / (_value[y] * _value[y]));
    public int Exp(int x) { double e = Math.Exp(_value[x]); return Push(e, x, e); }
    public int Log(int x) => Push(Math.Log(_value[x]), x, 1 / _value[x]);
    public int Tanh(int x) { double t = Math.Tanh(_value[x]); return Push(t, x, 1 - t * t); }
    public int Sigmoid(int x) { double s = 1 / (1 + Math.Exp(-_value[x])); return Push(s, x, s * (1 - s)); }
    public int Abs(int x) => Push(Math.Abs(_value[x]), x, Math.Sign(_value[x]));

    public int Relu(int x)
    {
        double v = _value[x];
        if (Math.Abs(v) < 1e-6) NearTie = true;
        return v > 0 ? Push(v, x, 1) : Push(0);
    }

    /// <summary>The larger of two values; the gradient goes to the first on a tie (TensorFlow's MaxPool gradient does too).</summary>
    public int Max(int x, int y)
    {
        double a = _value[x], b = _value[y];
        if (Math.Abs(a - b) <= 1e-6 * (1 + Math.Abs(a))) NearTie = true;
        return a >= b ? Push(a, x, 1) : Push(b, y, 1);
    }

    /// <summary>Keras's clip: the value held in [lo, hi], with zero gradient where it was clipped.</summary>
    public int Clip(int x, double lo, double hi)
    {
        double v = _value[x];
        return v < lo ? Push(lo) : v > hi ? Push(hi) : Push(v, x, 1);
    }

    public int Sum(ReadOnlySpan<int> nodes)
    {
        int total = Constant(0);
        foreach (int n in nodes) total = Add(total, n);
        return total;
    }

    /// <summary>d(output)/d(node) for every node, by one reverse sweep.</summary>
    public double[] Backward(int output)
    {
        var grad = new double[_count];
        grad[output] = 1;
        for (int n = output; n >= 0; n--)
        {
            double g = grad[n];
            if (g == 0) continue;
            if (_a[n] >= 0) grad[_a[n]] += g * _da[n];
            if (_b[n] >= 0) grad[_b[n]] += g * _db[n];
        }
        return grad;
    }
}
