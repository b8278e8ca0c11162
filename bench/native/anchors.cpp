// Single-sample anchors in C++: the networks of `Unroll.Benchmarks --widths` written with Eigen's
// fixed-size matrices, the way compile-time inference libraries for C++ (RTNeural's Eigen backend,
// for one) lay them out: sizes known to the compiler, weights resident, no allocation per call.
// Built with -O3 -march=native by bench/anchors.sh; prints one tab-separated row per network with the
// median and minimum nanoseconds per prediction over 21 blocks, after a 1 s warm-up (as Widths.cs).
// The MNIST-sized weights exceed Eigen's guard for fixed-size objects on the stack; the networks
// live on the heap (std::make_unique), so the guard is lifted.
#define EIGEN_STACK_ALLOCATION_LIMIT 0
#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>

using Clock = std::chrono::steady_clock;

namespace {

std::mt19937 rng(7);

template <typename M>
void fill(M& m, float scale) {
    std::uniform_real_distribution<float> u(-scale, scale);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
}

template <int In, int Out>
struct Dense {
    Eigen::Matrix<float, Out, In> w;
    Eigen::Matrix<float, Out, 1> b;
    Dense() { fill(w, 1.0f / std::sqrt(float(In))); fill(b, 0.1f); }
    template <typename X>
    Eigen::Matrix<float, Out, 1> operator()(const X& x) const { return w * x + b; }
};

inline float sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }

struct Pima {
    Dense<8, 12> d1;
    Dense<12, 1> d2;
    Eigen::Matrix<float, 8, 1> x;
    float y = 0;
    Pima() { fill(x, 1.0f); }
    void run() {
        Eigen::Matrix<float, 12, 1> h = d1(x).cwiseMax(0.0f);
        y = sigmoid(d2(h)(0));
    }
    float out() const { return y; }
};

struct Mnist {
    Dense<784, 64> d1;
    Dense<64, 64> d2;
    Dense<64, 10> d3;
    Eigen::Matrix<float, 784, 1> x;
    Eigen::Matrix<float, 10, 1> y;
    Mnist() { fill(x, 1.0f); }
    void run() {
        Eigen::Matrix<float, 64, 1> h1 = d1(x).cwiseMax(0.0f);
        Eigen::Matrix<float, 64, 1> h2 = d2(h1).cwiseMax(0.0f);
        Eigen::Matrix<float, 10, 1> z = d3(h2);
        Eigen::Array<float, 10, 1> e = (z.array() - z.maxCoeff()).exp();
        y = (e / e.sum()).matrix();
    }
    float out() const { return y(0); }
};

// LSTM(64) over 32 inputs, Keras gate order i, f, c, o; then Dense(1, sigmoid) on h.
struct LstmStep {
    static constexpr int In = 32, Units = 64;
    Eigen::Matrix<float, 4 * Units, In> w;
    Eigen::Matrix<float, 4 * Units, Units> u;
    Eigen::Matrix<float, 4 * Units, 1> b;
    Dense<Units, 1> head;
    Eigen::Matrix<float, In, 1> x;
    Eigen::Matrix<float, Units, 1> h = Eigen::Matrix<float, Units, 1>::Zero(), c = Eigen::Matrix<float, Units, 1>::Zero();
    float y = 0;
    LstmStep() { fill(w, 0.2f); fill(u, 0.1f); fill(b, 0.1f); fill(x, 1.0f); }
    void step(const Eigen::Matrix<float, In, 1>& input) {
        Eigen::Matrix<float, 4 * Units, 1> z = w * input + u * h + b;
        auto sig = [](auto a) { return (1.0f + (-a).exp()).inverse(); };
        Eigen::Array<float, Units, 1> i = sig(z.segment<Units>(0).array());
        Eigen::Array<float, Units, 1> f = sig(z.segment<Units>(Units).array());
        Eigen::Array<float, Units, 1> g = z.segment<Units>(2 * Units).array().tanh();
        Eigen::Array<float, Units, 1> o = sig(z.segment<Units>(3 * Units).array());
        c = (f * c.array() + i * g).matrix();
        h = (o * c.array().tanh()).matrix();
    }
    // One streaming step: the state carries over from the previous call, as a stateful network's.
    void run() { step(x); y = sigmoid(head(h)(0)); }
    float out() const { return y; }
};

// The 20-step sequence of `--widths`' lstm64_predict_1 row: state reset, 20 steps, then the head.
struct LstmSequence {
    LstmStep cell;
    Eigen::Matrix<float, LstmStep::In, 20> xs;
    float y = 0;
    LstmSequence() { fill(xs, 1.0f); }
    void run() {
        cell.h.setZero();
        cell.c.setZero();
        for (int t = 0; t < 20; ++t) cell.step(xs.col(t));
        y = sigmoid(cell.head(cell.h)(0));
    }
    float out() const { return y; }
};

template <typename Net>
void measure(const char* name) {
    auto owner = std::make_unique<Net>();
    Net& net = *owner;
    volatile float sink = 0;
    auto start = Clock::now();
    long calls = 0;
    while (Clock::now() - start < std::chrono::seconds(1)) { net.run(); sink = net.out(); ++calls; }
    long perBlock = std::max(1L, calls / 50);
    double blocks[21];
    for (double& block : blocks) {
        auto t0 = Clock::now();
        for (long i = 0; i < perBlock; ++i) { net.run(); sink = net.out(); }
        block = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / perBlock;
    }
    std::sort(blocks, blocks + 21);
    std::printf("%s\teigen\t%.1f\t%.1f\n", name, blocks[10], blocks[0]);
    (void)sink;
}

}  // namespace

int main() {
    std::printf("# Eigen %d.%d.%d fixed-size, single sample, one thread\n", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION);
    std::printf("network\timplementation\tmedian ns\tmin ns\n");
    measure<Pima>("pima_predict_1");
    measure<Mnist>("mnist_predict_1");
    measure<LstmStep>("lstm64_step_1");
    measure<LstmSequence>("lstm64_predict_1");
}
