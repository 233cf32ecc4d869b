import { z } from 'zod';

/**
 * The shape of a warranty policy file (`policies/<id>.json`). A policy is data a support
 * manager can read and edit: every rule carries the clause it comes from — its id, the vendor's
 * words verbatim (`quote`, checked against the seed documents by test/unit/policy-clauses.test.ts)
 * and a customer summary in each language (`en`, `es`, `ar`) that states nothing the quote does not.
 */
const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case id such as "free-maintenance"');

const localized = z.object({ en: z.string().min(1), es: z.string().min(1), ar: z.string().min(1) }).strict();

/** "card:paid:3" (warranty card, paid item 3), "letter:III.1" (commitment letter, section III, item 1). */
export const CLAUSE_ID = /^(?:card|letter):[A-Za-z0-9.-]+(?::[A-Za-z0-9.-]+)*$/;

export const ClauseSchema = z
  .object({
    /** Which sentence of which document: `card:<part>:<item>` or `letter:<section>.<item>`. */
    id: z.string().regex(CLAUSE_ID, 'must be a clause id such as "card:paid:3" or "letter:III.1"'),
    /** The vendor's words, verbatim (one passage, or several from the same clause). */
    quote: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Where it is: "seeds/000_….txt, Paid Warranty Service, item 2". */
    source: z.string().min(1),
    en: z.string().min(1),
    es: z.string().min(1),
    ar: z.string().min(1),
  })
  .strict();

const PeriodSchema = z
  .object({
    years: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
    days: z.number().int().positive().optional(),
  })
  .strict()
  .refine((period) => period.years !== undefined || period.months !== undefined || period.days !== undefined, 'needs years, months or days');

export const DATE_FIELDS = ['purchase', 'delivery', 'installation'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

export const RemedySchema = z
  .object({
    id,
    name: localized,
    /** A free remedy can make the status `covered`; a paid one (parts at cost) never does. */
    free: z.boolean(),
    /** Who provides it: the original seller, or the manufacturer and its authorised agents. */
    provider: z.enum(['seller', 'manufacturer']),
    /** The record date the period runs from; absent for a lifetime remedy. */
    startsFrom: z.enum(DATE_FIELDS).optional(),
    /** Calendar period; absent = for life. */
    period: PeriodSchema.optional(),
    /** Only these components (absent = every component not excluded by the policy). */
    components: z.array(id).min(1).optional(),
    clause: ClauseSchema,
  })
  .strict()
  .refine((remedy) => (remedy.period === undefined) === (remedy.startsFrom === undefined), 'a remedy needs both "startsFrom" and "period", or neither (for life)')
  .refine((remedy) => remedy.free || remedy.period === undefined, 'a paid remedy is for life (no period)');

const FaultAnswerSchema = z
  .object({
    id,
    /** The voiding cause this answer means, if any. */
    cause: id.optional(),
    /** The component this answer names (component question only). */
    component: id.optional(),
    /**
     * The policy's document has no clause for this answer: the dialog gives no verdict on a
     * repair that would otherwise be free, and says a technician must inspect the lock.
     */
    needsInspection: z.literal(true).optional(),
  })
  .strict()
  .refine((answer) => !(answer.cause && answer.needsInspection), 'an answer either rests on a cause or needs an inspection, not both');

const FaultQuestionSchema = z
  .object({
    $comment: z.string().optional(),
    /** Text in locales/<lng>/warranty.json: `warranty.questions.<id>` and `warranty.answers.<id>.<answer>`. */
    id,
    answers: z.array(FaultAnswerSchema).min(2),
  })
  .strict();

export const PolicySchema = z
  .object({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    id,
    name: localized,
    /** The vendor document the policy transcribes. */
    document: z.string().min(1),
    /** How periods are counted, in words (shown to support managers, not customers). */
    dateRule: z.union([z.string(), z.array(z.string())]),
    /** Every component id the policy knows. */
    components: z.array(id).min(1),
    neverCovered: z.object({ components: z.array(id).min(1), clause: ClauseSchema }).strict().optional(),
    /** Proof of purchase: a valid warranty card, or a purchase order number on record. */
    proofOfPurchase: z.object({ clause: ClauseSchema }).strict().optional(),
    /** The clause that says the free service ends with the period. */
    expiry: z.object({ clause: ClauseSchema }).strict().optional(),
    remedies: z.array(RemedySchema).min(1),
    voidingCauses: z.array(z.object({ id, clause: ClauseSchema }).strict()).min(1),
    faultQuestions: z.array(FaultQuestionSchema).min(1),
  })
  .strict();

export type Clause = z.infer<typeof ClauseSchema>;
export type Remedy = z.infer<typeof RemedySchema>;
export type FaultQuestion = z.infer<typeof FaultQuestionSchema>;
export type Policy = z.infer<typeof PolicySchema>;
