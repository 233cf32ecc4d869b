import { describe, expect, it } from 'vitest';
import { numberedList, renderForChannel, RLM, splitText } from '../../src/channels/shared/render.js';
import type { OutboundMessage } from '../../src/core/types.js';

const bot = (text: string, extra: Partial<OutboundMessage> = {}, choices?: Array<{ title: string; value: string }>): OutboundMessage => ({
  reply: { type: 'text', text, ...(choices ? { choices } : {}) },
  language: 'en',
  dir: 'ltr',
  author: { kind: 'bot' },
  ...extra,
});

const CHOICES = [
  { title: 'The lock beeps', value: 'beeps' },
  { title: 'The light stays red', value: 'red' },
];

describe('renderForChannel', () => {
  it('appends a numbered list when the channel has no buttons', () => {
    const rendered = renderForChannel([bot('What does the lock do?', {}, CHOICES)], { choices: false, media: true, maxTextLength: 4096 });
    expect(rendered).toEqual([
      { kind: 'text', text: 'What does the lock do?\n\n1. The lock beeps\n2. The light stays red', language: 'en', dir: 'ltr' },
    ]);
  });

  it('keeps native choices on channels that have buttons, on the last part only', () => {
    const long = 'First sentence here. Second sentence here.';
    const rendered = renderForChannel([bot(long, {}, CHOICES)], { choices: true, media: true, maxTextLength: 25 });
    expect(rendered.map((item) => item.kind === 'text' && item.text)).toEqual(['First sentence here.', 'Second sentence here.']);
    expect(rendered[0]).not.toHaveProperty('choices');
    expect(rendered[1]).toMatchObject({ choices: CHOICES });
  });

  it('keeps Arabic text untouched and marks list lines right-to-left', () => {
    const question = 'ماذا يحدث للقفل؟';
    const rendered = renderForChannel(
      [bot(question, { language: 'ar', dir: 'rtl' }, [{ title: 'يصدر صفيرًا', value: 'beeps' }, { title: 'الضوء أحمر', value: 'red' }])],
      { choices: false, media: true, maxTextLength: 4096 },
    );
    expect(rendered).toHaveLength(1);
    const text = rendered[0]!.kind === 'text' ? rendered[0]!.text : '';
    expect(text.startsWith(question)).toBe(true);
    expect(text.split('\n').slice(2)).toEqual([`${RLM}1. يصدر صفيرًا`, `${RLM}2. الضوء أحمر`]);
  });

  it("labels an agent's reply with the agent's name", () => {
    const rendered = renderForChannel([bot('I will check the lock log.', { author: { kind: 'agent', name: 'María' } })], {
      choices: false,
      media: true,
      maxTextLength: 4096,
    });
    expect(rendered[0]).toMatchObject({ kind: 'text', text: 'María: I will check the lock log.' });
  });

  it('turns media into text with its link when the channel cannot send media', () => {
    const rendered = renderForChannel(
      [{ reply: { type: 'media', media: { kind: 'image', url: 'https://example.test/a.png' }, text: 'The reset button' }, language: 'en', dir: 'ltr', author: { kind: 'bot' } }],
      { choices: false, media: false, maxTextLength: 4096 },
    );
    expect(rendered).toEqual([{ kind: 'text', text: 'The reset button\nhttps://example.test/a.png', language: 'en', dir: 'ltr' }]);
  });
});

describe('splitText', () => {
  it('returns short text as it is', () => {
    expect(splitText('Hello there.', 100)).toEqual(['Hello there.']);
  });

  it('splits English at sentence boundaries', () => {
    const text = 'Hold the card flat on the reader. Wait for the green light. If it stays red, replace the batteries.';
    expect(splitText(text, 60)).toEqual(['Hold the card flat on the reader. Wait for the green light.', 'If it stays red, replace the batteries.']);
  });

  it('splits Spanish at sentence boundaries, including before ¿ and ¡', () => {
    const text = 'Acerque la tarjeta al lector. ¿La luz se pone verde? ¡Perfecto, entonces la tarjeta funciona!';
    const parts = splitText(text, 55);
    expect(parts).toEqual(['Acerque la tarjeta al lector. ¿La luz se pone verde?', '¡Perfecto, entonces la tarjeta funciona!']);
    expect(parts.join(' ')).toBe(text);
  });

  it('splits Arabic at ؟ and full stops without reordering characters', () => {
    const text = 'هل يصدر القفل صفيرًا عند تقريب البطاقة؟ إذا كان الضوء أحمر، فاستبدل البطاريات. ثم جرّب مرة أخرى.';
    const parts = splitText(text, 60);
    expect(parts[0]).toBe('هل يصدر القفل صفيرًا عند تقريب البطاقة؟');
    expect(parts.join(' ')).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(60);
  });

  it('cuts a sentence that is too long at a space, never mid-word', () => {
    const text = 'replace the four AA batteries in the inside escutcheon of the lock';
    const parts = splitText(text, 20);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(20);
    expect(parts.join(' ')).toBe(text);
    expect(parts.every((part) => text.split(' ').includes(part.split(' ')[0]!))).toBe(true);
  });

  it('keeps every chunk under the limit for a long numbered list', () => {
    const body = `Choose one:\n\n${numberedList(Array.from({ length: 30 }, (_, index) => ({ title: `Option number ${index + 1}`, value: `v${index}` })))}`;
    const parts = splitText(body, 100);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(100);
    expect(parts.join('\n')).toBe(body);
  });
});
