// ShipIt through ONNX Runtime: loads pima.onnx (from bench/shipit/export_pima_onnx.py) from the
// app's base directory and prints the probability for the 8 Pima numbers given as arguments.
//   ShipIt.Onnx 6 148 72 35 0 33.6 0.627 50
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

if (PimaArguments.Parse(args, "ShipIt.Onnx") is not { } x) return 2;

// One thread: a single 8-12-1 prediction gains nothing from a pool, and starting one costs time.
using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
using var session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "pima.onnx"), options);
using var input = OrtValue.CreateTensorValueFromMemory(x, [1, 8]);
using var runOptions = new RunOptions();
using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
var p = outputs[0].GetTensorDataAsSpan<float>()[0];
Console.WriteLine(p.ToString("0.000000", CultureInfo.InvariantCulture));
return 0;
