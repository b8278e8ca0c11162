// Builds small TensorFlow.js layers models with reproducible weights, saves
// each in the TF.js layers-model format (model.json + weights.bin) and writes
// expected.json with tfjs's own predictions.  See README.md.
//
//   cd tests/reference/tfjs && npm ci && node make_tfjs_models.mjs
//
// Output: tests/Unroll.Tests/Fixtures/tfjs/<name>/{model.json,weights.bin,expected.json}
//
// Pure @tensorflow/tfjs on the cpu backend (no tfjs-node).  Because the
// `file://` save handler only exists in tfjs-node, the files are written with
// tf.io.withSaveHandler in exactly the layout tfjs-node's NodeFileSystem.save
// uses: model.json = JSON.stringify({modelTopology, weightsManifest, format,
// generatedBy, convertedBy}) (compact, one line) and weights.bin = the raw
// little-endian weight bytes in manifest order.
//
// Every model is built in its own child process so that tfjs's global layer
// name counters start at 1 (dense_Dense1, ...), exactly as in a fresh script
// that builds one model.

import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixturesRoot = path.resolve(here, '..', '..', 'Unroll.Tests', 'Fixtures', 'tfjs');

// ---------------------------------------------------------------------------
// Seeded generator (mulberry32).  All weights and inputs are quantised to
// multiples of 1/1024 (inputs: 1/64), so they are exact in float32 and short
// in JSON.
// ---------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quant = (v, q) => Math.round(v * q) / q;
const uniform = (rng, lo, hi, q = 1024) => quant(lo + (hi - lo) * rng(), q);

function fans(shape) {
  // Keras/tfjs convention: kernel (..., in, out); receptive field = leading dims.
  if (shape.length < 2) return [shape[0], shape[0]];
  const rf = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * rf, shape[shape.length - 1] * rf];
}

// Value generator for one weight, chosen by the weight's variable name.
function makeWeightValues(rng, name, shape, layer) {
  const size = shape.reduce((a, b) => a * b, 1);
  const leaf = name.split('/').pop();
  const out = new Array(size);
  let lo = -0.2, hi = 0.2;
  if (leaf === 'kernel' || leaf === 'recurrent_kernel' || leaf === 'depthwise_kernel') {
    const [fi, fo] = fans(shape);
    // Recurrent layers get larger weights so that their states are not tiny
    // (otherwise the softmax outputs all sit near 0.5 and tests lose power).
    const cls = layer.getClassName();
    const gain = cls === 'LSTM' || cls === 'GRU' ? (leaf === 'kernel' ? 3 : 2) : 1;
    const limit = gain * Math.sqrt(6 / (fi + fo));
    lo = -limit; hi = limit;
  } else if (leaf === 'embeddings') {
    lo = -1; hi = 1;
  } else if (leaf === 'gamma') {
    lo = 0.75; hi = 1.25;
  } else if (leaf === 'moving_mean') {
    lo = -0.3; hi = 0.3;
  } else if (leaf === 'moving_variance') {
    lo = 0.5; hi = 1.5;
  }
  for (let i = 0; i < size; i++) out[i] = uniform(rng, lo, hi);
  // LSTM bias: imitate unit_forget_bias (gate order i, f, c, o) so a test that
  // mixes up the gate order fails clearly.
  if (leaf === 'bias' && layer.getClassName() === 'LSTM') {
    const units = layer.units;
    for (let i = units; i < 2 * units; i++) out[i] += 1;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Model definitions.
// ---------------------------------------------------------------------------
const MODELS = {
  pima: {
    seed: 1001,
    description: 'Dense(12, relu, inputShape [8]) -> Dense(1, sigmoid)',
    build: () => tf.sequential({
      layers: [
        tf.layers.dense({ units: 12, activation: 'relu', inputShape: [8] }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
    inputShape: [8],
    batch: 4,
    input: rng => uniform(rng, -2, 2, 64),
  },
  mlp: {
    seed: 1002,
    description: 'Dense(16, relu, inputShape [10], kernelRegularizer l2(0.01)) -> Dropout(0.25) -> Dense(8, tanh) -> Dense(3, softmax)',
    build: () => tf.sequential({
      layers: [
        tf.layers.dense({
          units: 16, activation: 'relu', inputShape: [10],
          kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }),
        }),
        tf.layers.dropout({ rate: 0.25 }),
        tf.layers.dense({ units: 8, activation: 'tanh' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
    inputShape: [10],
    batch: 3,
    input: rng => uniform(rng, -2, 2, 64),
  },
  cnn: {
    seed: 1003,
    description: 'Conv2D(4, 3, relu, inputShape [8,8,1]) -> MaxPooling2D(2) -> Conv2D(6, 3, padding same, strides 1) -> Flatten -> Dense(3, softmax)',
    build: () => tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1] }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', strides: 1 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
    inputShape: [8, 8, 1],
    batch: 2,
    input: rng => uniform(rng, 0, 1, 64),
  },
  conv1d: {
    seed: 1004,
    description: 'Conv1D(5, 3, relu, inputShape [12, 2]) -> MaxPooling1D(2) -> GlobalAveragePooling1D -> Dense(1, sigmoid)',
    build: () => tf.sequential({
      layers: [
        tf.layers.conv1d({ filters: 5, kernelSize: 3, activation: 'relu', inputShape: [12, 2] }),
        tf.layers.maxPooling1d({ poolSize: 2 }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
    inputShape: [12, 2],
    batch: 3,
    input: rng => uniform(rng, -1, 1, 64),
  },
  lstm: {
    seed: 1005,
    description: 'Embedding(20, 8, inputLength 6) -> LSTM(5, returnSequences) -> LSTM(4) -> Dense(2, softmax); inputs are token ids (float32 tensor holding integers)',
    build: () => tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 20, outputDim: 8, inputLength: 6 }),
        tf.layers.lstm({ units: 5, returnSequences: true }),
        tf.layers.lstm({ units: 4 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
    inputShape: [6],
    batch: 3,
    input: rng => Math.floor(rng() * 20),
    inputKind: 'token ids (integers 0..19) in a float32 tensor',
  },
  // Same as lstm but with recurrentActivation 'sigmoid' (the Keras 3 default).
  // tfjs's default recurrent activation is 'hard_sigmoid', which in tfjs (and
  // Keras 2) means clip(0.2 * x + 0.5, 0, 1), not Keras 3's relu6(x + 3) / 6.
  lstm_sigmoid: {
    seed: 1005,
    description: 'Embedding(20, 8, inputLength 6) -> LSTM(5, returnSequences, recurrentActivation sigmoid) -> LSTM(4, recurrentActivation sigmoid) -> Dense(2, softmax); same seed as lstm',
    build: () => tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 20, outputDim: 8, inputLength: 6 }),
        tf.layers.lstm({ units: 5, returnSequences: true, recurrentActivation: 'sigmoid' }),
        tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid' }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
    inputShape: [6],
    batch: 3,
    input: rng => Math.floor(rng() * 20),
    inputKind: 'token ids (integers 0..19) in a float32 tensor',
  },
  unsupported: {
    seed: 1006,
    description: 'Diagnostics fixture: Dense(8, elu, inputShape [6, 4]) -> BatchNormalization -> GRU(3) -> Dense(2, softmax)',
    build: () => tf.sequential({
      layers: [
        tf.layers.dense({ units: 8, activation: 'elu', inputShape: [6, 4] }),
        tf.layers.batchNormalization(),
        tf.layers.gru({ units: 3 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
    inputShape: [6, 4],
    batch: 2,
    input: rng => uniform(rng, -1, 1, 64),
  },
};

// A second copy of `mlp` whose weights are split over two shard files, the way
// the tensorflowjs converter shards (one byte stream cut at a fixed byte size,
// so a tensor may straddle two files).  Only the manifest paths and the file
// split differ from mlp; tfjs's own weightsLoaderFactory loads it back below.
const SHARDED = { from: 'mlp', name: 'mlp_sharded', shardBytes: 512 };

// ---------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------
const flatten = t => Array.from(t.dataSync());

// JSON with objects indented and arrays of numbers/strings kept on one line.
function prettyJSON(v, indent = '') {
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.every(e => e === null || typeof e !== 'object')) return JSON.stringify(v);
    return `[\n${v.map(e => inner + prettyJSON(e, inner)).join(',\n')}\n${indent}]`;
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, e]) => e !== undefined);
    return `{\n${entries.map(([k, e]) => `${inner}${JSON.stringify(k)}: ${prettyJSON(e, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v);
}

function writeLayersModel(dir, artifacts, shardBytes = null) {
  // Same layout as tfjs-node's NodeFileSystem.save (file:// handler).
  fs.mkdirSync(dir, { recursive: true });
  const data = Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  let paths;
  if (shardBytes == null) {
    paths = ['weights.bin'];
    fs.writeFileSync(path.join(dir, 'weights.bin'), data);
  } else {
    const n = Math.ceil(data.length / shardBytes);
    paths = [];
    for (let i = 0; i < n; i++) {
      const p = `group1-shard${i + 1}of${n}.bin`;
      paths.push(p);
      fs.writeFileSync(path.join(dir, p), data.subarray(i * shardBytes, (i + 1) * shardBytes));
    }
  }
  const modelJSON = {
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
  };
  if (artifacts.trainingConfig != null) modelJSON.trainingConfig = artifacts.trainingConfig;
  if (artifacts.signature != null) modelJSON.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata != null) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJSON), 'utf8');
  return data;
}

// Load a saved model back through tfjs's own manifest/shard loader.
async function loadFromDir(dir) {
  const modelJSON = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const handler = {
    load: async () => {
      const loader = tf.io.weightsLoaderFactory(async paths =>
        paths.map(p => {
          const b = fs.readFileSync(path.join(dir, p));
          return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
        }));
      // Reuse tfjs's JSON -> artifacts conversion with our fetch-free loader.
      return tf.io.getModelArtifactsForJSON(modelJSON, async manifest => {
        const specs = manifest.flatMap(g => g.weights);
        const buffers = [];
        for (const g of manifest) {
          for (const p of g.paths) {
            const b = fs.readFileSync(path.join(dir, p));
            buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
          }
        }
        // Also run tfjs's weightsLoaderFactory (the loader used for http
        // loading) to be sure it accepts the manifest.
        await loader(manifest);
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
  return tf.loadLayersModel(handler);
}

function assertSame(a, b, what) {
  if (a.length !== b.length) throw new Error(`${what}: length ${a.length} != ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}: [${i}] ${a[i]} != ${b[i]}`);
  }
}

// ---------------------------------------------------------------------------
// One model (runs in a child process).
// ---------------------------------------------------------------------------
async function buildOne(name) {
  await tf.setBackend('cpu');
  await tf.ready();
  const spec = MODELS[name];
  const rng = mulberry32(spec.seed);
  const model = spec.build();

  // Explicit, seeded weights, layer by layer in layer.weights order.
  const weightRecords = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map(w => {
      const v = makeWeightValues(rng, w.originalName, w.shape, layer);
      weightRecords.push({ name: w.originalName, shape: w.shape, values: v });
      return tf.tensor(v, w.shape, 'float32');
    });
    layer.setWeights(values);
    values.forEach(t => t.dispose());
  }

  // Fixed inputs.
  const inShape = [spec.batch, ...spec.inputShape];
  const inSize = inShape.reduce((a, b) => a * b, 1);
  const inData = Array.from({ length: inSize }, () => spec.input(rng));
  const x = tf.tensor(inData, inShape, 'float32');
  const y = model.predict(x);
  const yData = flatten(y);

  // Per-layer outputs (debugging aid for the C# side).
  const probe = tf.model({ inputs: model.inputs, outputs: model.layers.map(l => l.output) });
  const layerOuts = probe.predict(x);
  const layerOutputs = model.layers.map((l, i) => ({
    layer: l.name,
    class_name: l.getClassName(),
    shape: layerOuts[i].shape,
    data: flatten(layerOuts[i]),
  }));
  assertSame(layerOutputs[layerOutputs.length - 1].data, yData, `${name} probe`);

  // Save (exactly as model.save('file://dir') would in tfjs-node).
  const dir = path.join(fixturesRoot, name);
  fs.rmSync(dir, { recursive: true, force: true });
  let artifactsCopy = null;
  await model.save(tf.io.withSaveHandler(async artifacts => {
    artifactsCopy = artifacts;
    const data = writeLayersModel(dir, artifacts);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.length } };
  }));

  // Check weights.bin = our values as little-endian float32 in manifest order.
  const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
  const f32 = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')).weightsManifest[0].weights;
  // NB: the manifest lists model.weights, i.e. all trainable weights first and
  // then the non-trainable ones (BatchNormalization moving_mean/variance come
  // last, after the layers that follow it), so it is not layer order.  Match by
  // name.
  const byName = new Map(weightRecords.map(w => [w.name, w]));
  if (byName.size !== weightRecords.length) throw new Error(`${name}: duplicate weight names`);
  assertSame(manifest.map(m => m.name).sort(), [...byName.keys()].sort(), `${name} manifest names`);
  const manifestRecords = manifest.map(m => byName.get(m.name));
  assertSame(Array.from(f32), manifestRecords.flatMap(w => w.values), `${name} weights.bin`);

  // Round trip through tfjs's loader: identical predictions.
  const reloaded = await loadFromDir(dir);
  assertSame(flatten(reloaded.predict(x)), yData, `${name} reload`);

  const expected = {
    model: name,
    description: spec.description,
    generated_by: 'tests/reference/tfjs/make_tfjs_models.mjs',
    tfjs_version: tf.version.tfjs,
    backend: tf.getBackend(),
    seed: spec.seed,
    note: 'All arrays are flat, row-major (C order) with the given shape; batch is the first axis. Values are float32 widened to double.',
    input_kind: spec.inputKind ?? 'float32',
    weights_note: 'In weightsManifest order (trainable first, then non-trainable). sum/first are of our seeded values.',
    weights: manifestRecords.map(w => ({
      name: w.name,
      shape: w.shape,
      sum: w.values.reduce((a, b) => a + b, 0),
      first: w.values.slice(0, 4),
    })),
    inputs: { shape: inShape, data: inData },
    outputs: { shape: y.shape, data: yData },
    layer_outputs: layerOutputs,
  };
  fs.writeFileSync(path.join(dir, 'expected.json'), prettyJSON(expected) + '\n');

  if (name === SHARDED.from) {
    const sdir = path.join(fixturesRoot, SHARDED.name);
    fs.rmSync(sdir, { recursive: true, force: true });
    writeLayersModel(sdir, artifactsCopy, SHARDED.shardBytes);
    const sm = await loadFromDir(sdir);
    assertSame(flatten(sm.predict(x)), yData, `${SHARDED.name} reload`);
    fs.writeFileSync(path.join(sdir, 'expected.json'),
      prettyJSON({ ...expected, model: SHARDED.name,
        description: `${spec.description}; same weights as ${name}, split into ${SHARDED.shardBytes}-byte shards`,
      }) + '\n');
    console.log(`wrote ${path.relative(process.cwd(), sdir)}`);
  }
  console.log(`wrote ${path.relative(process.cwd(), dir)} (${bin.length} weight bytes)`);
}

// ---------------------------------------------------------------------------
const arg = process.argv[2];
if (arg) {
  if (!(arg in MODELS)) throw new Error(`unknown model ${arg}; known: ${Object.keys(MODELS).join(', ')}`);
  await buildOne(arg);
} else {
  for (const name of Object.keys(MODELS)) {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
  }
}
