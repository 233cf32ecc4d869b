import { textFeatures, type FeatureVector } from './text-features.js';

/**
 * A multinomial logistic-regression topic classifier over `text-features.ts`, trained at start-up
 * on the example messages, the topics' titles and keywords (plus an `off-topic` class). Plain
 * stochastic gradient descent, a fixed seed and a fixed number of passes: the same content always
 * gives the same model. Training the whole FAQ takes a few hundred milliseconds.
 */

export interface TrainingText {
  text: string;
  /** Topic id or `off-topic`. */
  label: string;
  lang?: 'en' | 'es' | 'ar';
  /** How much this text counts (keywords count less than whole example messages). */
  weight?: number;
}

export interface ClassifierOptions {
  epochs?: number;
  learningRate?: number;
  seed?: number;
}

export interface Prediction {
  label: string;
  probability: number;
}

/** Passes, step size and seed of a default training run (part of the model cache's key). */
export const TRAINING_DEFAULTS = { epochs: 4, learningRate: 3, seed: 17 } as const;

/** Probability changes smaller than this are not worth an update. */
const GRADIENT_FLOOR = 0.002;

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sample {
  indexes: Int32Array;
  values: Float32Array;
  label: number;
  weight: number;
}

export class TopicClassifier {
  private constructor(
    readonly labels: readonly string[],
    private readonly featureIndex: ReadonlyMap<string, number>,
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  static train(texts: readonly TrainingText[], options: ClassifierOptions = {}): TopicClassifier {
    const labels = [...new Set(texts.map((text) => text.label))].sort();
    const labelIndex = new Map(labels.map((label, index) => [label, index]));
    const featureIndex = new Map<string, number>();
    const samples: Sample[] = texts.map((text) => {
      const features = textFeatures(text.text, text.lang);
      const indexes = new Int32Array(features.size);
      const values = new Float32Array(features.size);
      let position = 0;
      for (const [key, value] of features) {
        let index = featureIndex.get(key);
        if (index === undefined) {
          index = featureIndex.size;
          featureIndex.set(key, index);
        }
        indexes[position] = index;
        values[position] = value;
        position += 1;
      }
      return { indexes, values, label: labelIndex.get(text.label)!, weight: text.weight ?? 1 };
    });
    const classes = labels.length;
    const weights = new Float32Array(featureIndex.size * classes);
    const bias = new Float32Array(classes);
    const epochs = options.epochs ?? TRAINING_DEFAULTS.epochs;
    const rate = options.learningRate ?? TRAINING_DEFAULTS.learningRate;
    const next = random(options.seed ?? TRAINING_DEFAULTS.seed);
    const order = samples.map((_, index) => index);
    const scores = new Float64Array(classes);
    const activeLabels = new Int32Array(classes);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let index = order.length - 1; index > 0; index -= 1) {
        const swap = Math.floor(next() * (index + 1));
        [order[index], order[swap]] = [order[swap]!, order[index]!];
      }
      const step = rate / (1 + epoch);
      for (const sampleIndex of order) {
        const sample = samples[sampleIndex]!;
        softmax(sample.indexes, sample.values, weights, bias, classes, scores);
        scores[sample.label]! -= 1;
        const scale = step * sample.weight;
        // Only the classes with a gradient worth the work (most probabilities are near zero after a pass).
        let active = 0;
        for (let label = 0; label < classes; label += 1) {
          if (Math.abs(scores[label]!) > GRADIENT_FLOOR) {
            activeLabels[active] = label;
            active += 1;
          }
        }
        for (let item = 0; item < sample.indexes.length; item += 1) {
          const base = sample.indexes[item]! * classes;
          const value = sample.values[item]! * scale;
          for (let position = 0; position < active; position += 1) {
            const label = activeLabels[position]!;
            weights[base + label]! -= value * scores[label]!;
          }
        }
        for (let position = 0; position < active; position += 1) bias[activeLabels[position]!]! -= 0.1 * scale * scores[activeLabels[position]!]!;
      }
    }
    return new TopicClassifier(labels, featureIndex, weights, bias);
  }

  /** Every label's probability, best first. */
  predict(text: string): Prediction[] {
    return this.predictFeatures(textFeatures(text));
  }

  predictFeatures(features: FeatureVector): Prediction[] {
    const indexes: number[] = [];
    const values: number[] = [];
    for (const [key, value] of features) {
      const index = this.featureIndex.get(key);
      if (index !== undefined) {
        indexes.push(index);
        values.push(value);
      }
    }
    const classes = this.labels.length;
    const scores = new Float64Array(classes);
    softmax(Int32Array.from(indexes), Float32Array.from(values), this.weights, this.bias, classes, scores);
    return this.labels.map((label, index) => ({ label, probability: scores[index]! })).sort((a, b) => b.probability - a.probability);
  }

  get featureCount(): number {
    return this.featureIndex.size;
  }

  /** The trained model as bytes: a JSON header (labels, features) then the weights and biases. */
  toBuffer(): Buffer {
    const header = Buffer.from(JSON.stringify({ labels: this.labels, features: [...this.featureIndex.keys()] }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const numbers = Buffer.from(new Float32Array([...this.weights, ...this.bias]).buffer);
    return Buffer.concat([length, header, numbers]);
  }

  /** A model saved with `toBuffer` (undefined when the bytes do not hold one). */
  static fromBuffer(bytes: Buffer): TopicClassifier | undefined {
    try {
      const headerLength = bytes.readUInt32LE(0);
      const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as { labels: string[]; features: string[] };
      const start = 4 + headerLength;
      const numbers = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
      const size = header.features.length * header.labels.length;
      if (numbers.length !== size + header.labels.length) return undefined;
      const featureIndex = new Map(header.features.map((feature, index) => [feature, index]));
      return new TopicClassifier(header.labels, featureIndex, numbers.slice(0, size), numbers.slice(size));
    } catch {
      return undefined;
    }
  }
}

/** Class probabilities of one sample into `out`. */
function softmax(indexes: Int32Array, values: Float32Array, weights: Float32Array, bias: Float32Array, classes: number, out: Float64Array): void {
  for (let label = 0; label < classes; label += 1) out[label] = bias[label]!;
  for (let item = 0; item < indexes.length; item += 1) {
    const base = indexes[item]! * classes;
    const value = values[item]!;
    for (let label = 0; label < classes; label += 1) out[label]! += value * weights[base + label]!;
  }
  let max = -Infinity;
  for (let label = 0; label < classes; label += 1) max = Math.max(max, out[label]!);
  let sum = 0;
  for (let label = 0; label < classes; label += 1) {
    out[label] = Math.exp(out[label]! - max);
    sum += out[label]!;
  }
  for (let label = 0; label < classes; label += 1) out[label]! /= sum;
}
