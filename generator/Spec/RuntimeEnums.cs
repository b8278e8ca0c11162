// The runtime's option enums, compiled into the generator from their one source (runtime/Attributes, linked
// by Unroll.Generator.csproj) under the names the generator has always used for them. The generator reads
// attribute arguments as these values, so linking rather than mirroring keeps names and values equal.
global using ActivationKind = Unroll.Generator.Spec.Activation;
global using DataFormatKind = Unroll.Generator.Spec.DataFormat;
global using InitializerKind = Unroll.Generator.Spec.Initializer;
global using PaddingKind = Unroll.Generator.Spec.Padding;
