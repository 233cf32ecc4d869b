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
