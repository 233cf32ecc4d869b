import type { Dialog, TurnContext } from '../../src/core/dialog.js';
import type { FaqTopic } from '../../src/faq/faq-service.js';
import { WARRANTY_WORDS } from '../../src/core/warranty-words.js';
import { answerWarrantyByMail } from './email-warranty.js';

/**
 * How an e-mail conversation opens (`Feature.channelRoots`: e-mail is not a chat). One turn
 * gives the whole answer the customer can act on — the topic's answer and its checks as a list
 * when FAQ search is confident, else the closest topics — and in every case opens a ticket, whose
 * "queued" notice names the ticket and when a person replies (SLA_EMAIL_HOURS). A serial in the
 * mail gets the registry answer once verified (`email-warranty.ts`). Later mail in the
 * thread goes to the ticket (the handoff), never through menus.
 */
export const EMAIL_INTAKE_DIALOG = 'email-intake';
/** The topic every answer points to for manuals and videos. */
const MANUALS_TOPIC = 'manuals-videos';
/** The FAQ topic of warranty questions: a mail about it gets the registry answer (or how to get it). */
const WARRANTY_TOPIC = 'warranty-terms';
const MAX_CLOSEST = 3;

/** The topic's checks in tree order (breadth first from the start), each with its options. */
export function topicChecklist(ctx: TurnContext, topic: FaqTopic): string[] {
  const tree = topic.content[ctx.language].tree;
  if (!tree) return [];
  const lines: string[] = [];
  const seen = new Set<string>();
  const queue = [tree.start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const step = tree.steps[id];
    if (!step || seen.has(id)) continue;
    seen.add(id);
    if (!step.choices) continue;
    const staff = step.staffOnly ? ` ${ctx.t('email.staffOnly')}` : '';
    lines.push(`${lines.length + 1}. ${step.text}${staff}\n${step.choices.map((choice) => `   - ${choice.label}`).join('\n')}`);
    queue.push(...step.choices.map((choice) => choice.next));
  }
  return lines;
}

async function answerWithTopic(ctx: TurnContext, topic: FaqTopic): Promise<void> {
  const content = topic.content[ctx.language];
  const notices = topic.notices?.length ? ((await ctx.services.topicNotices?.lines(topic.notices, ctx.language)) ?? []) : [];
  ctx.say([ctx.t('email.answerIntro'), content.title, content.answer, ...notices].join('\n'));
  const checks = topicChecklist(ctx, topic);
  if (checks.length > 0) ctx.say([ctx.t('email.stepsIntro'), ...checks].join('\n'));
  ctx.state.facts.topic = topic.id;
}

function answerWithClosest(ctx: TurnContext, topics: FaqTopic[]): void {
  if (topics.length === 0) return;
  const list = topics.map((topic, index) => `${index + 1}. ${topic.content[ctx.language].title}\n   ${topic.content[ctx.language].answer}`);
  ctx.say([ctx.t('email.closestIntro'), ...list].join('\n'));
}

async function answerMail(ctx: TurnContext): Promise<void> {
  ctx.state.greeted = true;
  ctx.sayKey('email.thanks');
  const faq = ctx.services.faq;
  const text = ctx.input.text.trim();
  // The topic the FAQ ranks first, even when it is not sure enough to answer with it: a mail whose
  // nearest topic is warranty-terms ("is RF200-… under warranty?") gets the registry answer below.
  let nearest: string | undefined;
  if (faq && text) {
    const found = faq.search(text, { prefer: ctx.language });
    nearest = found.results[0]?.topic ?? found.clarify?.[0] ?? found.suggestions[0]?.topic;
    const best = found.results[0] ? faq.topic(found.results[0].topic) : undefined;
    if (best) await answerWithTopic(ctx, best);
    else {
      const suggested = await faq.suggestTopic(text, ctx.language);
      const topic = suggested ? faq.topic(suggested) : undefined;
      if (topic) await answerWithTopic(ctx, topic);
      else answerWithClosest(ctx, found.suggestions.slice(0, MAX_CLOSEST).flatMap((hit) => faq.topic(hit.topic) ?? []));
    }
    const manuals = faq.topic(MANUALS_TOPIC);
    if (manuals && ctx.state.facts.topic !== MANUALS_TOPIC) {
      const content = manuals.content[ctx.language];
      ctx.say(ctx.t('email.manuals', { title: content.title, answer: content.answer }));
    }
  }
  // A mail that names warranty asks about it whatever topic the FAQ ranks first ("is RF200-… under
  // warranty? Order PO-…" reads like a parts order to the classifier).
  const askedAboutWarranty = ctx.state.facts.topic === WARRANTY_TOPIC || nearest === WARRANTY_TOPIC || WARRANTY_WORDS.test(text);
  if (text) await answerWarrantyByMail(ctx, text, askedAboutWarranty);
  const topic = typeof ctx.state.facts.topic === 'string' ? ctx.state.facts.topic : undefined;
  await ctx.escalate({ reason: ctx.input.kind === 'media' ? 'media' : 'user-request', ...(topic ? { topic } : {}) });
  if (ctx.state.ticketId) ctx.sayKey('email.replyInThread', { ticket: ctx.state.ticketId });
}

export const emailIntakeDialog: Dialog = {
  id: EMAIL_INTAKE_DIALOG,
  // `returning`: the stack emptied after a ticket was cancelled; its notice has been said, a mail needs nothing more.
  begin: (ctx, args) => (args.returning ? undefined : answerMail(ctx)),
  // Only reached when the ticket closed and the customer writes again: answer that mail the same way.
  continue: (ctx) => answerMail(ctx),
};
