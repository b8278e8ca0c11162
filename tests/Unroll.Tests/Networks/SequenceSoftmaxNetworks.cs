// Softmax outputs with more than one position per sample (Fixtures/sequence_softmax_reference.json,
// tests/reference/make_sequence_softmax_reference.py): the class axis is the last axis.
using Unroll;

namespace Unroll.Tests.Networks;

// A Dense on a rank-3 input applies to the last axis: output (B, 2, 2), two positions of two classes.
[Sequential, Input(2, 3), Dense(2, Activation = Activation.Softmax)]
public partial class SoftmaxRowsNet;

// A sequence tagger: one distribution over three tags for each of six tokens.
[Sequential, Input(6), Embedding(7, 4), Lstm(5, ReturnSequences = true), Dense(3, Activation = Activation.Softmax)]
public partial class SequenceTaggerNet;
