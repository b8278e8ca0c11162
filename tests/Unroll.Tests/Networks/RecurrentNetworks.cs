// Networks matching the cases of Fixtures/lstm_reference.json (tests/reference/make_lstm_reference.py).
using Unroll;

namespace Unroll.Tests.Networks;

[Sequential, Input(6, 4), Lstm(5), Dense(2)]
public partial class LstmLastNet;

[Sequential, Input(5, 3), Lstm(4, ReturnSequences = true), Flatten, Dense(2)]
public partial class LstmSequencesNet;

[Sequential, Input(6, 3), Lstm(4, ReturnSequences = true), Lstm(3, ReturnSequences = true), Lstm(2), Dense(1, Activation = Activation.Sigmoid)]
public partial class LstmStackedNet;

[Sequential, Input(7), Embedding(11, 4), Lstm(5), Dense(3, Activation = Activation.Softmax)]
public partial class EmbeddingLstmNet;

[Sequential, Input(5), Embedding(10, 3), Flatten, Dense(2)]
public partial class EmbeddingDenseNet;

[Sequential, Input(5, 3), Lstm(4, ReturnSequences = true, Activation = Activation.ReLU, UseBias = false), Lstm(3, Activation = Activation.Sigmoid, RecurrentActivation = Activation.Tanh), Dense(2)]
public partial class LstmReluNoBiasNet;

[Sequential, Input(4, 2), Lstm(3, Activation = Activation.Linear, RecurrentActivation = Activation.ReLU), Dense(1)]
public partial class LstmLinearGatesNet;

// Half of the fixture's 8-step sequences per batch, the state carried across batches.
[Sequential, Input(4, 3, BatchSize = 3), Lstm(4, Stateful = true)]
public partial class StatefulHalfNet;

// 16 units: 64 gate columns, so the recurrent step's vector blocks run at every width; the output is a dot product of 16.
[Sequential, Input(6, 10), Lstm(16), Dense(1, Activation = Activation.Sigmoid)]
public partial class LstmVectorNet;

// 32 units and 6 features: backpropagation through time with the batch at each step (AVX-512) runs its
// 4-sequence × 32-unit blocks and single-sequence rest (7 samples), and its weight-gradient blocks of
// 4 rows with a rest of 2 (the 6 kernel rows).
[Sequential, Input(5, 6), Lstm(32), Dense(1, Activation = Activation.Sigmoid)]
public partial class LstmBatchedNet;

// The generated recurrence's blocks and remainders: 20 units are 16 in registers and 4 single floats
// at 512 and 256 bits, two blocks of 8 and one register of 4 at 128; 18 leave 2 single floats at every
// width; all steps returned, and non-default activations on registers.
[Sequential, Input(3, 5), Lstm(20, ReturnSequences = true), Lstm(18, Activation = Activation.ReLU, RecurrentActivation = Activation.HardSigmoid), Dense(2)]
public partial class LstmRemainderNet;

// One step per sequence: the input projection fused into the recurrence (no carried state: it starts from zeros).
[Sequential, Input(1, 6), Lstm(20, RecurrentActivation = Activation.HardSigmoidKeras2, Activation = Activation.Sigmoid), Dense(2)]
public partial class LstmOneStepNet;

// The streaming case: one step per call, the state carried; a batch of 7 is one block of 4 sequences
// and 3 single ones at 512 bits (3 blocks of 2 and one at 256 and 128).
[Sequential, Input(1, 6, BatchSize = 7), Lstm(20, Stateful = true), Dense(1)]
public partial class LstmStreamNet;

// The same LSTM as LstmStreamNet over whole sequences of 5 steps (the parameters have the same layout).
[Sequential, Input(5, 6), Lstm(20), Dense(1)]
public partial class LstmFiveStepNet;

// One stream of one step per call, as a stateful network at batch 1 runs it (the latency case).
[Sequential, Input(1, 6, BatchSize = 1), Lstm(20, Stateful = true), Dense(1)]
public partial class LstmSingleStreamNet;
