import { PayloadError } from '../errors.js';
import { carriedGaps } from '../faq/faq-gaps.js';
import type { FaqService } from '../faq/faq-service.js';
import type { Logger } from '../logger.js';
import type { AgentLanguage } from './agents-file.js';
import type { TicketService } from './ticket-service.js';
import type { Ticket } from './ticket-types.js';

/** A topic an agent can tag, titled in their working language. */
export interface TaggableTopic {
  id: string;
  title: string;
}

/**
 * Agents tag a ticket's topic from the FAQ's topics. The tag is stored on the ticket
 * (`topic`, `topicTag`), and the unsure messages the conversation carried onto the ticket
 * (`facts.faqGaps`, see src/faq/faq-gaps.ts) get it as their topic, `pickedBy: 'agent'`, for
 * `lockcare faq gaps`; a customer's own pick is never replaced. The change is published as
 * `ticket.topic`: the reports move the ticket from the topic it replaced to the tagged one (it is
 * still counted once, on the day it opened).
 */
export class TopicTags {
  constructor(
    private readonly tickets: TicketService,
    /** The FAQ service, once every feature is set up (undefined when the FAQ feature is off). */
    private readonly faq: () => FaqService | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * Every topic, sorted by title. FAQ content has English, Spanish and Arabic titles; a Chinese
   * working language gets the English ones.
   */
  list(language: AgentLanguage): TaggableTopic[] {
    const lang = language === 'zh' ? 'en' : language;
    const topics = [...(this.faq()?.topics.values() ?? [])].map((topic) => ({ id: topic.id, title: topic.content[lang].title }));
    return topics.sort((a, b) => a.title.localeCompare(b.title, language));
  }

  /**
   * Set the ticket's topic (any status: tagging a closed ticket is allowed) and resolve its gaps.
   * E_PAYLOAD (400) for a topic id the FAQ does not have, E_NOT_FOUND for an unknown ticket;
   * nothing changes then. Returns the ticket, the topic it had before, and how many gaps took the tag.
   */
  async tag(id: string, agent: string, topicId: string): Promise<{ ticket: Ticket; previous: string | null; gapsTagged: number }> {
    const faq = this.faq();
    if (!faq?.topic(topicId)) throw new PayloadError(`Unknown topic "${topicId}": use one of the ids GET /api/agent/topics lists`);
    await this.tickets.require(id);
    let previous: string | null = null;
    const ticket = await this.tickets.update(id, (draft, now) => {
      previous = draft.topic ?? null;
      draft.topic = topicId;
      // Re-tagging keeps the bot's topic as "previous", not the agent's own earlier tag.
      draft.topicTag = { by: agent, at: now.toISOString(), previous: draft.topicTag ? draft.topicTag.previous : previous, replaced: previous };
    }, 'ticket.topic');
    let gapsTagged = 0;
    for (const gap of carriedGaps(ticket.facts)) {
      try {
        if (await faq.gaps.resolve(gap, topicId, 'agent')) gapsTagged += 1;
      } catch (error) {
        // The tag stands on the ticket; the export misses this one message.
        this.logger.warn({ err: error, ticket: id }, 'could not record the tagged topic for an unsure message');
      }
    }
    return { ticket, previous, gapsTagged };
  }
}
