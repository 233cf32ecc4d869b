import { textFeatures, type FeatureVector } from './text-features.js';

/**
 * The topic classifier over `text-features.ts`, trained at start-up on the example messages, the
 * topics' titles and keywords (plus an `off-topic` class): an ensemble of two linear models that
 * err differently on the same features —
 * - a multinomial logistic regression (plain stochastic gradient descent, a fixed seed and a fixed
 *   number of passes: the same content always gives the same model), which weighs features
 *   against each other and is good at telling close topics apart;
 * - a multinomial naive Bayes (smoothed feature counts per class), which reads every feature of a
 *   long message independently and is better on long, wordy messages whose few topic words the
 *   regression drowns in context.
 * A message's probabilities are the weighted mean of the two models' (`ENSEMBLE`). Training the
 * whole FAQ takes about a second and a half on the CI machine (docs/benchmarks.md); the model is
 * then cached (`model-cache.ts`).
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
export const TRAINING_DEFAULTS = { epochs: 2, learningRate: 3, seed: 17 } as const;

/**
 * How the two models are mixed: p = (1 − naive)·p(regression) + naive·p(naive Bayes), naive Bayes'
 * log-likelihoods turned into probabilities at `temperature`; `smoothing` is its additive
 * (Lidstone) smoothing of feature mass. Chosen on the development sets (`test/eval/faq-fit.ts`).
 */
export const ENSEMBLE = { naive: 0.5, temperature: 1, smoothing: 0.05 } as const;

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
    /** Naive Bayes: log P(feature | class), feature-major like `weights`. */
    private readonly logLikelihood: Float32Array,
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
    return new TopicClassifier(labels, featureIndex, weights, bias, naiveBayes(samples, featureIndex.size, classes));
  }

  /** Every label's probability, best first; `lang` when already detected (else detected here). */
  predict(text: string, lang?: 'en' | 'es' | 'ar'): Prediction[] {
    return this.predictFeatures(textFeatures(text, lang));
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
    const featureIndexes = Int32Array.from(indexes);
    const featureValues = Float32Array.from(values);
    const { naive, temperature } = ENSEMBLE;
    const scores = new Float64Array(classes);
    softmax(featureIndexes, featureValues, this.weights, this.bias, classes, scores);
    const naiveScores = new Float64Array(classes);
    naiveBayesScores(featureIndexes, featureValues, this.logLikelihood, classes, temperature, naiveScores);
    for (let label = 0; label < classes; label += 1) scores[label] = (1 - naive) * scores[label]! + naive * naiveScores[label]!;
    return this.labels.map((label, index) => ({ label, probability: scores[index]! })).sort((a, b) => b.probability - a.probability);
  }

  get featureCount(): number {
    return this.featureIndex.size;
  }

  /** The trained model as bytes: a JSON header (labels, features) then the weights, biases and naive Bayes' table. */
  toBuffer(): Buffer {
    const header = Buffer.from(JSON.stringify({ labels: this.labels, features: [...this.featureIndex.keys()] }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const part = (numbers: Float32Array) => Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength);
    return Buffer.concat([length, header, part(this.weights), part(this.bias), part(this.logLikelihood)]);
  }

  /** A model saved with `toBuffer` (undefined when the bytes do not hold one). */
  static fromBuffer(bytes: Buffer): TopicClassifier | undefined {
    try {
      const headerLength = bytes.readUInt32LE(0);
      const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as { labels: string[]; features: string[] };
      const start = 4 + headerLength;
      const numbers = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
      const size = header.features.length * header.labels.length;
      if (numbers.length !== 2 * size + header.labels.length) return undefined;
      const featureIndex = new Map(header.features.map((feature, index) => [feature, index]));
      const biasEnd = size + header.labels.length;
      return new TopicClassifier(header.labels, featureIndex, numbers.slice(0, size), numbers.slice(size, biasEnd), numbers.slice(biasEnd));
    } catch {
      return undefined;
    }
  }
}

/** Add one sample's per-class linear scores (feature-major `table`) to `out`. */
function addLinearScores(indexes: Int32Array, values: Float32Array, table: Float32Array, classes: number, out: Float64Array): void {
  for (let item = 0; item < indexes.length; item += 1) {
    const base = indexes[item]! * classes;
    const value = values[item]!;
    for (let label = 0; label < classes; label += 1) out[label]! += value * table[base + label]!;
  }
}

/** Scores in `out` become probabilities: exp(temperature · score), normalised (max-shifted). */
function normalizeExp(out: Float64Array, classes: number, temperature: number): void {
  let max = -Infinity;
  for (let label = 0; label < classes; label += 1) max = Math.max(max, out[label]!);
  let sum = 0;
  for (let label = 0; label < classes; label += 1) {
    out[label] = Math.exp(temperature * (out[label]! - max));
    sum += out[label]!;
  }
  for (let label = 0; label < classes; label += 1) out[label]! /= sum;
}

/** Class probabilities of one sample into `out`. */
function softmax(indexes: Int32Array, values: Float32Array, weights: Float32Array, bias: Float32Array, classes: number, out: Float64Array): void {
  for (let label = 0; label < classes; label += 1) out[label] = bias[label]!;
  addLinearScores(indexes, values, weights, classes, out);
  normalizeExp(out, classes, 1);
}

/**
 * Naive Bayes' table: log P(feature | class) from each class's weighted feature mass, with
 * Lidstone smoothing (`ENSEMBLE.smoothing`) over the whole vocabulary. Classes get a uniform prior:
 * the off-topic class and the topics differ in size by design, not by how often people ask.
 */
function naiveBayes(samples: readonly Sample[], features: number, classes: number): Float32Array {
  const mass = new Float32Array(features * classes);
  const total = new Float64Array(classes);
  for (const sample of samples) {
    for (let item = 0; item < sample.indexes.length; item += 1) {
      const amount = sample.values[item]! * sample.weight;
      mass[sample.indexes[item]! * classes + sample.label]! += amount;
      total[sample.label]! += amount;
    }
  }
  const alpha = ENSEMBLE.smoothing;
  const denominators = Float64Array.from(total, (sum) => Math.log(sum + alpha * features));
  const unseen = Float64Array.from(denominators, (denominator) => Math.log(alpha) - denominator);
  // Most (feature, class) pairs were never seen together: they share their class's smoothed value.
  const table = mass;
  for (let feature = 0; feature < features; feature += 1) {
    const base = feature * classes;
    for (let label = 0; label < classes; label += 1) {
      const seen = table[base + label]!;
      table[base + label] = seen === 0 ? unseen[label]! : Math.log(seen + alpha) - denominators[label]!;
    }
  }
  return table;
}

/** Naive Bayes' class probabilities of one sample into `out`, its log-likelihoods scaled by `temperature`. */
function naiveBayesScores(indexes: Int32Array, values: Float32Array, table: Float32Array, classes: number, temperature: number, out: Float64Array): void {
  out.fill(0);
  addLinearScores(indexes, values, table, classes, out);
  normalizeExp(out, classes, temperature);
}
