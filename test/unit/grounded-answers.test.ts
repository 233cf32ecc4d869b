import { describe, expect, it } from 'vitest';
import { isAnswerableTopic, isPolicyQuestion, isQuestion, rejectionOf, topicSource } from '../../src/faq/grounded-answers.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';

const topics = loadTopics(resolveFaqDir('faq'));
const topic = (id: string) => topics.find((item) => item.id === id)!;

describe('grounded answers: what may reach the model', () => {
  it('keeps policy and urgent topics away from the model', () => {
    for (const id of ['warranty-terms', 'paid-service', 'spare-parts', 'support-hours', 'onsite-visit']) expect(isAnswerableTopic(topic(id)), id).toBe(false);
    expect(isAnswerableTopic(topic('battery-replacement'))).toBe(true);
  });

  it('never sends questions about warranty, money or periods, in en, es and ar', () => {
    for (const text of ['Is it under warranty?', 'How much does a new card cost?', '¿Cuánto cuesta el técnico?', '¿Cuántos años dura la garantía?', 'كم سعر البطاقة؟', 'هل يشمل الضمان القفل؟', 'How many months until I must replace it?']) {
      expect(isPolicyQuestion(text), text).toBe(true);
    }
    expect(isPolicyQuestion('Which batteries does the lock take?')).toBe(false);
  });

  it('takes questions, not descriptions', () => {
    expect(isQuestion('¿Qué pilas usa la cerradura?')).toBe(true);
    expect(isQuestion('هل يمكن استخدام بطاريات قابلة للشحن')).toBe(true);
    expect(isQuestion('how do I open the battery cover')).toBe(true);
    expect(isQuestion('the door stays red with the guest card')).toBe(false);
  });

  it('gives the model no step or sentence about warranty, prices or periods', () => {
    for (const language of ['en', 'es', 'ar'] as const) {
      const source = topicSource(topic('battery-replacement'), language);
      expect(source).toContain(topic('battery-replacement').content[language].title);
      expect(source).not.toMatch(/warrant|garant|ضمان/i);
    }
  });
});

describe('grounded answers: checking the answer', () => {
  const given = [topic('battery-replacement')];
  it('accepts an answer that keeps to the content', () => {
    expect(rejectionOf('Use four new AA (LR6) 1.5 V alkaline batteries of one brand.', 'battery-replacement', given, topics, 'en')).toBeUndefined();
  });
  it.each([
    ['', 'empty'],
    ['Batteries last about two years.', 'period'],
    ['A set costs $5.', 'price'],
    ['Use 8 AA batteries.', 'number not in the content'],
    ['Use AA batteries. From: Battery', 'names a topic not given'],
    ['استخدم بطاريات AA.', "not in the customer's language"],
    ['x'.repeat(700), 'too long'],
  ])('rejects %j (%s)', (answer, reason) => {
    expect(rejectionOf(answer, 'battery-replacement', given, topics, 'en')).toBe(reason);
  });
  it('rejects an answer that names another topic or claims one it was not given', () => {
    const other = topic('card-rejected').content.en.title;
    expect(rejectionOf(`Use AA batteries; see ${other}.`, 'battery-replacement', given, topics, 'en')).toBe('names a topic not given');
    expect(rejectionOf('Use AA batteries.', 'card-rejected', given, topics, 'en')).toBe('topic not given');
  });
});
