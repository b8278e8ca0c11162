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
