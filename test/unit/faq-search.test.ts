import { beforeAll, describe, expect, it } from 'vitest';
import { FaqSearch } from '../../src/faq/faq-search.js';
import { tokenizeForSearch } from '../../src/faq/search-text.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';

let search: FaqSearch;

beforeAll(async () => {
  search = await FaqSearch.build(loadTopics(resolveFaqDir('faq')));
});

describe('FAQ search: generic hotel words never decide a match', () => {
  it.each([
    ['en', 'what time is breakfast tomorrow morning'],
    ['en', 'price for one night, booking for friday'],
    ['es', 'cuanto cuesta la noche del viernes'],
    ['ar', 'كم سعر الحجز يوم الخميس'],
  ] as const)('%s "%s" gets no confident topic', (lang, text) => {
    expect(search.search(text, { lang }).results).toEqual([]);
  });

  it('still matches when a lock word comes with them', () => {
    expect(search.search('guest card red light every time, checked in today', { lang: 'en' }).results[0]?.topic).toBe('card-rejected');
  });
});

describe('FAQ search: dialect verb forms and negation', () => {
  it('puts the Gulf, Levantine and Egyptian forms of "lose" on one word', () => {
    const forms = ['ضاعت', 'ضيعنا', 'ضايع', 'بيضيع', 'فقدوا'].map((word) => tokenizeForSearch(word, 'ar'));
    for (const form of forms) expect(form).toEqual(forms[0]);
  });

  it('tells "does not close" from "closed" in every language', () => {
    expect(tokenizeForSearch("door doesn't close", 'en')).not.toEqual(tokenizeForSearch('door close', 'en'));
    expect(tokenizeForSearch('la puerta no se queda cerrada', 'es')).not.toEqual(tokenizeForSearch('la puerta cerrada', 'es'));
    expect(tokenizeForSearch('الباب ما يظل مسكر', 'ar')).not.toEqual(tokenizeForSearch('الباب مسكر', 'ar'));
  });

  it.each([
    ['en', 'door of 340 will not shut unless you push it hard'],
    ['es', 'la puerta de la 12 no cierra si no la empujas'],
    ['ar', 'باب ٢٠٣ مابيسكر الا اذا دفيناه'],
  ] as const)('%s "%s" opens the latch topic', (lang, text) => {
    expect(search.search(text, { lang }).results[0]?.topic).toBe('latch-misaligned');
  });

  it('finds a lost card written with a dialect verb', () => {
    expect(search.search('النزيل ضيع الكارد حقه', { lang: 'ar' }).results[0]?.topic).toBe('lost-guest-card');
  });
});

describe("FAQ search: a policy topic's own subject words", () => {
  it.each([
    ['en', 'helpdesk opening hours on sundays?', 'support-hours'],
    ['en', 'do we pay for that repair ourselves', 'paid-service'],
    ['es', 'a que hora contesta el soporte los domingos', 'support-hours'],
    ['ar', 'اوقات الدعم يوم الجمعه', 'support-hours'],
  ] as const)('%s "%s" opens %s', (lang, text, topic) => {
    expect(search.search(text, { lang }).results[0]?.topic).toBe(topic);
  });

  it('two subject words and nothing else are enough: anyone there at 2am?', () => {
    expect(search.search('anyone there at 2am?', { lang: 'en' }).results[0]?.topic).toBe('support-hours');
  });

  it.each([
    ['en', 'what time does the breakfast room open'],
    ['en', 'how much is one night in a double room'],
    ['ar', 'كم سعر الليله في جناح'],
  ] as const)('%s "%s" (hotel time and price words) still gets no topic', (lang, text) => {
    expect(search.search(text, { lang }).results).toEqual([]);
  });
});

describe('FAQ search: other hotel equipment is not a lock', () => {
  it.each([
    ['en', 'curtain motor will not move, stuck half open'],
    ['en', 'the tv remote is dead'],
    ['en', 'smoke detector beeping, battery low?'],
    ['en', 'the room safe is locked shut'],
    ['es', 'la ventana del 204 no abre'],
    ['es', 'la caja fuerte no abre, el cliente olvido el codigo'],
    ['ar', 'الستاره عالقه وما تتحرك'],
    ['ar', 'المكيف ما يشتغل في ٣٠٢'],
  ] as const)('%s "%s" gets no topic', (lang, text) => {
    expect(search.search(text, { lang }).results).toEqual([]);
  });

  it('a lock word brings the message back to the lock', () => {
    expect(search.search('room by the window: the lock flashes red at the guest card', { lang: 'en' }).results[0]?.topic).toBe('card-rejected');
  });
});

describe('FAQ search: vocabulary for times and for not finding a card', () => {
  it('reads a clock time as an hour and 24/7 as round the clock, room numbers still dropped', () => {
    expect(tokenizeForSearch('at 3am', 'en')).toEqual(tokenizeForSearch('hour', 'en'));
    expect(tokenizeForSearch('at 3 pm', 'en')).toEqual(tokenizeForSearch('hour', 'en'));
    expect(tokenizeForSearch('24/7', 'en')).toEqual(tokenizeForSearch('round the clock', 'en'));
    expect(tokenizeForSearch('room 305', 'en')).toEqual([]);
  });

  it.each([
    ['en', "guest can't find her key card anywhere"],
    ['es', 'la huesped no encuentra su llave magnetica'],
    ['ar', 'النزيل مش لاقي الكرت حقه'],
  ] as const)('%s "%s" is a lost card', (lang, text) => {
    expect(search.search(text, { lang }).results[0]?.topic).toBe('lost-guest-card');
  });
});
