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

describe('FAQ search: a silent lock is not a refusing lock', () => {
  it('reads "no beep / no light / no reaction" as their own words in every language', () => {
    expect(tokenizeForSearch('no beep', 'en')).not.toEqual(tokenizeForSearch('beep', 'en'));
    expect(tokenizeForSearch('zero lights', 'en')).toEqual(tokenizeForSearch('no light', 'en'));
    expect(tokenizeForSearch('ni pitido', 'es')).toEqual(tokenizeForSearch('no suena', 'es'));
    expect(tokenizeForSearch('sin luz', 'es')).not.toEqual(tokenizeForSearch('luz', 'es'));
    expect(tokenizeForSearch('ولا صوت', 'ar')).toEqual(tokenizeForSearch('القفل ساكت', 'ar').slice(1));
    expect(tokenizeForSearch('ما في ضو', 'ar')).toEqual(tokenizeForSearch('مطفي', 'ar'));
  });

  it.each([
    ['en', 'tapped three cards on 512, no beep and no light from the reader'],
    ['es', 'en la 512 pasamos tres tarjetas: ni pitido ni lucecita'],
    ['ar', 'جربنا ثلاث كروت على قفل ٥١٢ ولا صوت ولا ضو'],
  ] as const)('%s "%s" is a lock with no response', (lang, text) => {
    expect(search.search(text, { lang }).results[0]?.topic).toBe('lock-no-response');
  });

  it.each([
    ['en', 'reader on 512 beeps and shows red at every guest card'],
    ['es', 'la 512 pita y se pone roja con la tarjeta del cliente'],
  ] as const)('%s "%s" is still a rejected card', (lang, text) => {
    expect(search.search(text, { lang }).results[0]?.topic).toBe('card-rejected');
  });
});

describe('FAQ search: trade words for the same part', () => {
  it('reads tongue / resbalón / lengüeta as the latch', () => {
    expect(tokenizeForSearch('tongue', 'en')).toEqual(tokenizeForSearch('latch', 'en'));
    expect(tokenizeForSearch('resbalón', 'es')).toEqual(tokenizeForSearch('pestillo', 'es'));
    expect(tokenizeForSearch('lengüeta', 'es')).toEqual(tokenizeForSearch('pestillo', 'es'));
  });

  it('reads colour and blink verbs as the colour or the blink', () => {
    expect(tokenizeForSearch('بيخضر', 'ar')).toEqual(tokenizeForSearch('اخضر', 'ar'));
    expect(tokenizeForSearch('يحمر', 'ar')).toEqual(tokenizeForSearch('حمرا', 'ar'));
    expect(tokenizeForSearch('بترمش', 'ar')).toEqual(tokenizeForSearch('يومض', 'ar'));
    expect(tokenizeForSearch('titila', 'es')).toEqual(tokenizeForSearch('parpadea', 'es'));
  });

  it('reads video calls, weekends and "guaranteed" the same way in each language', () => {
    expect(tokenizeForSearch('facetime', 'en')).toEqual(tokenizeForSearch('video chat', 'en'));
    expect(tokenizeForSearch('video llamada', 'es')).toEqual(tokenizeForSearch('videollamada', 'es'));
    expect(tokenizeForSearch('مكالمة فيديو', 'ar')).toEqual(tokenizeForSearch('فيديو كول', 'ar'));
    expect(tokenizeForSearch('fines de semana', 'es')).toEqual(tokenizeForSearch('finde', 'es'));
    expect(tokenizeForSearch('garantizadas', 'es')).toEqual(tokenizeForSearch('garantía', 'es'));
    expect(tokenizeForSearch('مكفوله', 'ar')).toEqual(tokenizeForSearch('الضمان', 'ar'));
  });
});

describe('FAQ search: where things are is not what they are', () => {
  it.each([
    ['en', 'how do I get at the batteries, is the cover on the inside unit?', 'battery-replacement'],
    ['es', 'la tapa de las pilas esta por dentro, como se quita?', 'battery-replacement'],
  ] as const)('%s "%s" is not a deadbolt question', (lang, text, topic) => {
    expect(search.search(text, { lang }).results[0]?.topic).toBe(topic);
  });

  it('inside still counts in full for the privacy deadbolt', () => {
    expect(search.search('bolt thrown on the inside, our card is refused', { lang: 'en' }).results[0]?.topic).toBe('privacy-deadbolt');
  });

  it.each([
    ['en', 'can room service bring the menu up'],
    ['es', 'la puerta corredera del balcon se atasca'],
  ] as const)('%s "%s" (other hotel facilities) gets no topic', (lang, text) => {
    expect(search.search(text, { lang }).results).toEqual([]);
  });
});
