// Topic tags: the agent sets the ticket's topic from the FAQ's topics, titled in their working
// language (GET /api/agent/topics). The tag is kept on the ticket and its audit log, and the
// messages the bot was unsure about in that conversation get it for `lockcare faq gaps`.
import { el } from './console-render.js';
import { t } from './console-strings.js';

const $ = (id) => document.getElementById(id);

/** A topic's title in the agent's language; the id itself for a topic the FAQ no longer has. */
export function topicTitle(topics, id) {
  return topics.find((topic) => topic.id === id)?.title ?? id;
}

export function setupTopicTags({ state, api, handle, reopen }) {
  const load = async () => {
    state.topics = (await handle(api.topics()))?.topics ?? [];
  };

  /** The select shows the ticket's topic; a live re-render keeps a topic the agent is about to set. */
  const render = (ticket) => {
    const topics = state.topics ?? [];
    const options = [el('option', { text: t('ticket.chooseTopic'), attrs: { value: '' } }), ...topics.map((topic) => el('option', { text: topic.title, attrs: { value: topic.id } }))];
    const pending = $('topic-select').dataset.ticket === ticket.id && $('topic-select').dataset.dirty === 'true' ? $('topic-select').value : '';
    $('topic-select').replaceChildren(...options);
    $('topic-select').value = pending || (topics.some((topic) => topic.id === ticket.topic) ? ticket.topic : '');
    $('topic-select').dataset.ticket = ticket.id;
    $('topic-select').dataset.dirty = pending ? 'true' : 'false';
    $('topic-tagged').textContent = ticket.topicTag ? t('ticket.topicTagged', { agent: ticket.topicTag.by }) : '';
  };

  $('topic-select').addEventListener('change', () => {
    $('topic-select').dataset.dirty = 'true';
  });

  $('topic-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = state.selected;
    const topic = $('topic-select').value;
    if (!id || !topic) return;
    const done = await handle(api.tagTopic(id, topic));
    if (done) $('topic-select').dataset.dirty = 'false';
    await reopen(id);
  });

  return { load, render };
}
