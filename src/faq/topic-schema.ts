import { z } from 'zod';
import { LANGUAGES, type Language } from '../core/types.js';

/**
 * The FAQ topic file format (`faq/<topic-id>.json`), exactly as documented for content writers.
 * Strict: an unknown field is an error, so a typo ("choises") cannot silently drop a tree.
 */

/** Topic ids other code and tests refer to; lint fails when one is missing. */
export const REQUIRED_TOPIC_IDS = [
  'card-rejected', 'lock-no-response', 'lost-guest-card', 'card-encoding-failed', 'card-types', 'system-cards',
  'privacy-deadbolt', 'low-battery-warning', 'battery-replacement', 'emergency-power', 'mechanical-key',
  'handle-problem', 'latch-misaligned', 'unlocks-but-wont-open', 'mortise-jammed', 'installation-guide',
  'lock-clock', 'encoder-connection', 'software-setup', 'remote-support', 'audit-trail', 'lock-initialization',
  'energy-saving-switch', 'mobile-key', 'keypad-code', 'firmware-update', 'environment-damage', 'warranty-terms',
  'paid-service', 'spare-parts', 'onsite-visit', 'support-hours', 'manuals-videos', 'recycling',
] as const;

/** Notices a topic may carry (`"notices": [...]`); the feature that fills each is named in its doc. */
export const TOPIC_NOTICES = ['survey-results'] as const;

export const OUTCOMES = ['solved', 'technician', 'warranty', 'urgent'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const TOPIC_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const STEP_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const ChoiceSchema = z.strictObject({
  label: nonEmpty,
  next: z.string().regex(STEP_ID, 'must be a step id (lower-case words joined by "-")'),
});

export const StepSchema = z
  .strictObject({
    text: nonEmpty,
    choices: z.array(ChoiceSchema).min(2, 'a step needs 2-4 choices').max(4, 'a step needs 2-4 choices').optional(),
    outcome: z.enum(OUTCOMES).optional(),
    staffOnly: z.boolean().optional(),
  })
  .refine((step) => (step.choices === undefined) !== (step.outcome === undefined), {
    message: 'a step has either "choices" or "outcome", not both and not neither',
  });

export const TreeSchema = z.strictObject({
  start: z.string().regex(STEP_ID, 'must be a step id'),
  steps: z.record(z.string().regex(STEP_ID, 'step ids are lower-case words joined by "-"'), StepSchema).refine(
    (steps) => Object.keys(steps).length > 0,
    'a tree needs at least one step',
  ),
});

export const TopicContentSchema = z.strictObject({
  title: nonEmpty,
  answer: nonEmpty,
  keywords: z.array(nonEmpty).min(10, 'needs at least 10 keywords'),
  tree: TreeSchema.optional(),
});

export const TopicSchema = z.strictObject({
  id: z.string().regex(TOPIC_ID, 'must be lower-case words joined by "-"'),
  kind: z.enum(['troubleshooting', 'howto', 'policy']),
  priority: z.enum(['normal', 'urgent']),
  sources: z.array(nonEmpty),
  /**
   * Lines another feature adds after the answer when it has something to say, by name:
   * `survey-results` (the yearly survey's published results; nothing before the first).
   */
  notices: z.array(z.enum(TOPIC_NOTICES)).optional(),
  content: z.strictObject({ en: TopicContentSchema, es: TopicContentSchema, ar: TopicContentSchema }),
});

export type FaqChoice = z.infer<typeof ChoiceSchema>;
export type FaqStep = z.infer<typeof StepSchema>;
export type FaqTree = z.infer<typeof TreeSchema>;
export type TopicContent = z.infer<typeof TopicContentSchema>;
export type FaqTopic = z.infer<typeof TopicSchema>;

/** Turn zod issues into one readable line each ("content.es: missing language es"). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (path.length === 2 && path[0] === 'content' && (LANGUAGES as readonly string[]).includes(path[1]!) && issue.code === 'invalid_type') {
      return `missing language ${path[1] as Language}`;
    }
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
}
