import { requireService, type TurnContext } from '../../src/core/dialog.js';
import type { JsonObject } from '../../src/core/types.js';
import { carriedGaps, GAPS_FACT } from '../../src/faq/faq-service.js';
import type { FaqService, FaqStep, FaqTopic } from '../../src/faq/faq-service.js';

/** The FAQ service (E_CONFIG when the FAQ feature is not set up). */
export const faqOf = (ctx: TurnContext): FaqService => requireService(ctx.services, 'faq');

/**
 * Where a troubleshooting walk is, kept in the dialog frame as plain JSON so any process can
 * continue it. `path` is every answered step, in order: it drives "back" and is handed to the
 * person who takes over, so they never ask again.
 */
export type Phase =
  | 'describe' // waiting for a description of the problem
  | 'pick' // offered the closest topics
  | 'clarify' // asked which of two close topics it is
  | 'step' // at a step with choices
  | 'confirm' // "Did this solve it?" after a solved outcome
  | 'did-help' // "Did this help?" after a topic without a tree
  | 'offer-person' // offered a support engineer
  | 'offer-warranty' // offered the warranty check or a person
  | 'grounded'; // gave the model's grounded answer: "Did this answer your question?" (no = walk the topic)

export interface PathEntry {
  step: string;
  question: string;
  answer: string;
  /** 1-based choice number. */
  choice: number;
}

export interface TroubleshootData {
  phase: Phase;
  topic?: string;
  step?: string;
  path: PathEntry[];
  outcome?: string;
  /** Why a person was offered (the escalation reason if the user accepts). */
  offerReason?: 'troubleshooting-unresolved' | 'technician-needed' | 'warranty-claim' | 'misunderstood';
  /** The unsure message recorded for `faq gaps`, until the user picks a topic. */
  gap?: string;
  /** The three closest topics, listed when the user answers a clarifying question with "something else". */
  suggestions?: string[];
}

export const VALUES = {
  stepPrefix: 'faq:step:',
  topicPrefix: 'faq:topic:',
  yes: 'faq:yes',
  no: 'faq:no',
  escalate: 'faq:escalate',
  warranty: 'faq:warranty',
  done: 'faq:done',
  somethingElse: 'faq:something-else',
  menu: 'faq:menu',
  human: 'menu:human',
} as const;

export function dataOf(ctx: TurnContext): TroubleshootData {
  const data = ctx.frame!.data as unknown as Partial<TroubleshootData>;
  data.path ??= [];
  data.phase ??= 'describe';
  return data as TroubleshootData;
}

export function saveData(ctx: TurnContext, data: TroubleshootData): void {
  ctx.frame!.data = JSON.parse(JSON.stringify(data)) as JsonObject;
  syncFacts(ctx, data);
}

/** Mirror the walk into `state.facts` (topic, troubleshooting) for agents and other dialogs. */
export function syncFacts(ctx: TurnContext, data: TroubleshootData): void {
  if (!data.topic) return;
  ctx.state.facts.topic = data.topic;
  ctx.state.facts.troubleshooting = JSON.parse(
    JSON.stringify({ topic: data.topic, path: data.path, ...(data.outcome ? { outcome: data.outcome } : {}) }),
  ) as JsonObject;
}

/** At most this many recent gaps ride along: older unsure messages of a long chat are left to `faq gaps --all`. */
const MAX_CARRIED_GAPS = 5;

/**
 * Keep a recorded gap's id in `state.facts.faqGaps` until the user picks a topic: a ticket opened
 * meanwhile (from the dialog or the "human" command) copies the facts, and the topic an agent
 * tags on it resolves the gap (src/handoff/topic-tags.ts). Only ids: never shown to the customer.
 */
export function carryGap(ctx: TurnContext, gap: string): void {
  ctx.state.facts[GAPS_FACT] = [...carriedGaps(ctx.state.facts).filter((id) => id !== gap), gap].slice(-MAX_CARRIED_GAPS);
}

/** The user picked a topic for this gap: it no longer waits for an agent's tag. */
export function dropGap(ctx: TurnContext, gap: string): void {
  const left = carriedGaps(ctx.state.facts).filter((id) => id !== gap);
  if (left.length > 0) ctx.state.facts[GAPS_FACT] = left;
  else delete ctx.state.facts[GAPS_FACT];
}

export function currentTopic(ctx: TurnContext, data: TroubleshootData): FaqTopic | undefined {
  return data.topic ? faqOf(ctx).topic(data.topic) : undefined;
}

export function stepOf(ctx: TurnContext, topic: FaqTopic, stepId: string | undefined): FaqStep | undefined {
  if (!stepId) return undefined;
  return topic.content[ctx.language].tree?.steps[stepId];
}

/** What the agent sees: topic, path taken and the answers, in the user's language. */
export function escalationDetails(ctx: TurnContext, data: TroubleshootData): JsonObject {
  const topic = currentTopic(ctx, data);
  return JSON.parse(
    JSON.stringify({
      topic: data.topic ?? null,
      title: topic ? topic.content[ctx.language].title : null,
      language: ctx.language,
      path: data.path,
      answers: data.path.map((entry) => entry.answer),
      ...(data.step ? { lastStep: data.step } : {}),
      ...(data.outcome ? { outcome: data.outcome } : {}),
    }),
  ) as JsonObject;
}
