import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TopicClassifier, TRAINING_DEFAULTS, type TrainingText } from './topic-classifier.js';

/**
 * The trained classifier is cached in the system's temporary folder under a hash of everything
 * it is trained from (the training texts and this model version): the same FAQ content starts in
 * milliseconds, and any edit to a topic, keyword or example trains a new model (about a second and
 * a half on the CI machine). A cache that cannot be read or written is simply skipped.
 */

/** Bump when the features or the training change, so an old cached model is not reused. */
const MODEL_VERSION = 'lr-nb-4';

export function cachedClassifier(texts: readonly TrainingText[], cacheDir: string | null = tmpdir()): TopicClassifier {
  if (cacheDir === null) return TopicClassifier.train(texts);
  const hash = createHash('sha256').update(MODEL_VERSION).update(JSON.stringify(TRAINING_DEFAULTS)).update(JSON.stringify(texts)).digest('hex').slice(0, 24);
  const file = join(cacheDir, `lockcare-faq-model-${hash}.bin`);
  try {
    const cached = TopicClassifier.fromBuffer(readFileSync(file));
    if (cached) return cached;
  } catch {
    // Not cached yet.
  }
  const classifier = TopicClassifier.train(texts);
  try {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, classifier.toBuffer());
    renameSync(partial, file);
  } catch {
    // A read-only or full temporary folder only costs the next start-up a training run.
  }
  return classifier;
}
