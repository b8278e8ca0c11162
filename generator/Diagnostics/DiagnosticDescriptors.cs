using Microsoft.CodeAnalysis;

namespace Unroll.Generator.Diagnostics;

/// <summary>
/// Every diagnostic Unroll reports, in one table. Ids by stage: UNR00xx declarations,
/// UNR01xx shapes, UNR02xx Keras model files and baked weights, UNR09xx internal errors. Each id
/// has a row in Diagnostics/README.md and a test with the bad declaration. A retired id is never
/// reused: it keeps its README row and a comment here.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Unroll";

    private static DiagnosticDescriptor Error(string id, string title, string message) => new(
        id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        // No help link yet: the project has no public home; Diagnostics/README.md documents every id.
        customTags: WellKnownDiagnosticTags.NotConfigurable);

    // A warning is a declaration that builds and runs but very likely does not mean what it says.
    private static DiagnosticDescriptor Warning(string id, string title, string message) => new(
        id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ClassNotPartial = Error("UNR0001",
        "Network class must be partial",
        "Class '{0}' must be declared partial so that Unroll can generate its network");

    public static readonly DiagnosticDescriptor GenericClass = Error("UNR0002",
        "Network class cannot be generic",
        "Network class '{0}' cannot be generic: its shapes must be known at build time");

    public static readonly DiagnosticDescriptor NestedClass = Error("UNR0003",
        "Network class must be top-level",
        "Network class '{0}' must be a top-level class, but it is nested in '{1}'");

    public static readonly DiagnosticDescriptor InvalidModifier = Error("UNR0004",
        "Network class cannot be static or abstract",
        "Network class '{0}' cannot be {1}: Unroll generates a concrete class");

    public static readonly DiagnosticDescriptor HasBaseClass = Error("UNR0005",
        "Network class cannot declare a base class",
        "Network class '{0}' derives from '{1}', but networks derive from Unroll.Model; remove the base class");

    public static readonly DiagnosticDescriptor MissingInput = Error("UNR0006",
        "Network has no [Input]",
        "Network '{0}' has no [Input]; declare the shape of one sample, e.g. [Input(8)]");

    public static readonly DiagnosticDescriptor DuplicateInput = Error("UNR0007",
        "Network declares [Input] twice",
        "Network '{0}' declares [Input] more than once; a sequential network has one input");

    public static readonly DiagnosticDescriptor InvalidInputShape = Error("UNR0008",
        "Input shape is invalid",
        "[Input] of '{0}' has shape ({1}); it needs at least one dimension and every dimension must be at least 1");

    public static readonly DiagnosticDescriptor NoLayers = Error("UNR0009",
        "Network has no layers",
        "Network '{0}' has no layers; add layers after [Input], e.g. [Dense(1)]");

    // UNR0010 (Dense units must be positive) is retired: Dense(0) is UNR0015, like every other size.

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("UNR0011",
        "Undefined enum value",
        "Layer '{0}' ({1}) sets {2} to {3}, which is not a defined {4} value");

    public static readonly DiagnosticDescriptor InvalidL2 = Error("UNR0012",
        "L2 factor is invalid",
        "Layer '{0}' ({1}) has L2 = {2}; the factor must be a finite number of at least 0");

    public static readonly DiagnosticDescriptor LayerOnOtherDeclaration = Error("UNR0013",
        "Layer declared on another partial declaration",
        "[{0}] is on another partial declaration of '{1}'; declare the whole network on the declaration that carries [Sequential], so the layer order is defined");

    public static readonly DiagnosticDescriptor NotAClass = Error("UNR0014",
        "Network must be a class",
        "'{0}' is a {1}, but [Sequential] networks are partial classes");

    public static readonly DiagnosticDescriptor NonPositiveArgument = Error("UNR0015",
        "Size argument must be positive",
        "Layer '{0}' ({1}) has {2} = {3}; it must be at least 1");

    public static readonly DiagnosticDescriptor InvalidDropoutRate = Error("UNR0016",
        "Dropout rate outside [0, 1)",
        "Layer '{0}' (Dropout) has rate {1}; the rate must be in [0, 1)");

    public static readonly DiagnosticDescriptor InvalidArity = Error("UNR0017",
        "Size argument needs one or two numbers",
        "Layer '{0}' ({1}) gives {2} with {3} numbers; give one number (the same for height and width) or two (height, width)");

    public static readonly DiagnosticDescriptor NoOutputPositions = Error("UNR0103",
        "Window leaves no output",
        "Layer '{0}' ({1}) with window {2} and strides {3} ({4} padding) leaves no output positions on input {5}");

    public static readonly DiagnosticDescriptor WrongInputRank = Error("UNR0104",
        "Input of the wrong rank",
        "Layer '{0}' ({1}) expects input {2} but receives {3}");

    public static readonly DiagnosticDescriptor EmbeddingNotFirst = Error("UNR0105",
        "Embedding must be the first layer",
        "Layer '{0}' (Embedding) receives {1} from an earlier layer; an Embedding looks up token ids, so it must come right after [Input(steps)]");

    public static readonly DiagnosticDescriptor StatefulNeedsBatchSize = Error("UNR0106",
        "Stateful layer needs a fixed batch size",
        "Layer '{0}' (LSTM) is stateful, so each row of a batch carries its own state and the batch size must be fixed: declare [Input(…, BatchSize = n)]");

    public static readonly DiagnosticDescriptor LstmNeedsSequence = Error("UNR0107",
        "Recurrent layer after a layer that gives no sequence",
        "Layer '{0}' (LSTM) needs a sequence (None, steps, features) but layer '{1}' gives {2}: set ReturnSequences = true on '{1}' so it passes every step on");

    public static readonly DiagnosticDescriptor KerasModelFileNotFound = Error("UNR0201",
        "Keras model file not found",
        "'{0}' is not among the project's AdditionalFiles: add {1} to the project file so the generator can read it");

    public static readonly DiagnosticDescriptor KerasModelInvalid = Error("UNR0202",
        "Keras model file cannot be read",
        "'{0}' is not a Keras Sequential model that Unroll can read: {1}");

    public static readonly DiagnosticDescriptor UnsupportedKerasLayer = Error("UNR0203",
        "Unsupported layer in a Keras model file",
        "'{0}': layer '{1}' is a {2}, which Unroll does not have; supported: InputLayer, Dense, Activation, Dropout, Flatten, Conv1D, Conv2D, MaxPooling1D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling2D, Embedding, LSTM");

    public static readonly DiagnosticDescriptor UnsupportedKerasOption = Error("UNR0204",
        "Unsupported option in a Keras model file",
        "'{0}': layer '{1}' ({2}) has {3} = {4}, which Unroll does not support{5}");

    public static readonly DiagnosticDescriptor KerasModelWithLayers = Error("UNR0205",
        "Keras model file and layer attributes together",
        "'{0}' takes its layers from '{1}' ([KerasModel]); remove [Sequential], [Input] and the layer attributes, or remove [KerasModel]");

    public static readonly DiagnosticDescriptor BakedWeightsNotFound = Error("UNR0206",
        "Baked weights file not found",
        "'{0}' is not a baked weights file of this project: add <UnrollBakedWeights Include=\"{0}\" /> to the project file (it builds the bytes into the assembly and lets the generator check the tensors)");

    public static readonly DiagnosticDescriptor BakedWeightsUnreadable = Error("UNR0207",
        "Baked weights file is not safetensors",
        "'{0}' does not start with a safetensors header that the generator can read: {1}");

    public static readonly DiagnosticDescriptor BakedWeightsMismatch = Error("UNR0208",
        "Baked weights do not fit the network",
        "'{0}' does not fit {1}: {2}");

    public static readonly DiagnosticDescriptor SoftmaxInRecurrentLayer = Error("UNR0018",
        "Softmax inside a recurrent layer",
        "Layer '{0}' (LSTM) has {1} = Softmax, which mixes the units of a gate; use Tanh, Sigmoid, ReLU or Linear");

    public static readonly DiagnosticDescriptor SoftmaxOnOneUnit = Error("UNR0101",
        "Softmax over a single unit",
        "Layer '{0}' ({1}) applies softmax over a single unit (output {2}), so its output is always 1; use sigmoid for one output, or more units");

    public static readonly DiagnosticDescriptor UserConstructor = Error("UNR0019",
        "Network class cannot declare a constructor",
        "Network class '{0}' declares {1}; Unroll generates the network's constructors (seed, baked weights), so remove it");

    public static readonly DiagnosticDescriptor FileLocalClass = Error("UNR0020",
        "Network class cannot be file-local",
        "Network class '{0}' is declared 'file', so the half Unroll generates in its own file would be a different type; remove 'file'");

    public static readonly DiagnosticDescriptor ReservedClassName = Error("UNR0021",
        "Network class name is reserved",
        "Network class '{0}' would hide {1} inside the class; rename the class");

    public static readonly DiagnosticDescriptor ReservedMemberName = Error("UNR0022",
        "Member name is reserved for generated code",
        "Network class '{0}' declares '{1}', but {2}; rename the member");

    public static readonly DiagnosticDescriptor LayerWithoutSequential = Error("UNR0023",
        "Layer attribute without [Sequential]",
        "[{0}] on '{1}' has no effect: the class has neither [Sequential] nor [KerasModel]; add [Sequential] to declare the network");

    public static readonly DiagnosticDescriptor KerasModelPathMissing = Error("UNR0024",
        "[KerasModel] without a path",
        "[KerasModel] on '{0}' needs the path of a model file, e.g. [KerasModel(\"model.json\")]");

    public static readonly DiagnosticDescriptor RecurrentOnlyActivation = Error("UNR0025",
        "Activation only for recurrent layers",
        "Layer '{0}' ({1}) has {2} = {3}, which Unroll implements only inside an LSTM (Activation or RecurrentActivation); use ReLU, Sigmoid, Tanh, Softmax or Linear");

    public static readonly DiagnosticDescriptor DataFormatMismatch = Warning("UNR0108",
        "Layers disagree on the data format",
        "Layer '{0}' ({1}) reads its input as {2}, but layer '{3}' ({4}) writes {5}: '{0}' takes the wrong axis for the channels; give both the same DataFormat");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Error("UNR0109",
        "Network too large",
        "Network '{0}': {1} holds {2} values, but at most {3} fit (a .NET array, less the 64-byte alignment of the buffers); use smaller layers");

    public static readonly DiagnosticDescriptor SourceOverBudget = Error("UNR0110",
        "Generated source over budget",
        "The generated source of '{0}' would be more than the budget of {1} MB per network (about 110 Dense layers of distinct sizes); layers of the same shapes and activation share kernels, so use fewer distinct layer sizes");

    public static readonly DiagnosticDescriptor KerasTrainingOnlyDropout = Warning("UNR0209",
        "Keras LSTM dropout not implemented",
        "'{0}': layer '{1}' ({2}) has {3} = {4}, which Unroll's LSTM does not implement: its predictions are the file's (dropout acts only in training), but training in Unroll runs without it");

    public static readonly DiagnosticDescriptor InternalError = Error("UNR0901",
        "Internal generator error",
        "Unroll could not generate '{0}': {1}; please report this with the declaration");
}
