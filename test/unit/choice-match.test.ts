import { describe, expect, it } from 'vitest';
import { matchChoice } from '../../src/core/choice-match.js';

const choices = [
  { title: 'Fix a lock problem', value: 'opt:a' },
  { title: 'Check warranty', value: 'opt:b' },
  { title: 'Talk to a person', value: 'opt:c' },
];
const arabic = [
  { title: 'نعم', value: 'yes' },
  { title: 'لا', value: 'no' },
];

describe('matching typed answers to the choices on offer', () => {
  it.each([
    ['2', 'opt:b'],
    ['٢', 'opt:b'],
    ['two', 'opt:b'],
    ['dos', 'opt:b'],
    ['اثنين', 'opt:b'],
    ['option 3', 'opt:c'],
    ['the second', 'opt:b'],
    ['check warranty', 'opt:b'],
    ['Check Warranty!', 'opt:b'],
    ['warranty', 'opt:b'],
    ['I want to talk to a person please', 'opt:c'],
  ])('"%s" → %s', (text, value) => {
    expect(matchChoice(text, choices)?.value).toBe(value);
  });

  it.each(['4', '0', 'five', 'the weather', '', 'a'])('"%s" matches nothing', (text) => {
    expect(matchChoice(text, choices)).toBeUndefined();
  });

  it.each(['no sé', 'no lo sé', 'I have no idea', 'no idea', 'no me acuerdo', 'لا أعرف'])('"%s" does not pick a one-word "No"', (text) => {
    const yesNo = [
      { title: 'Sí', value: 'yes' },
      { title: 'No', value: 'no' },
      { title: 'لا', value: 'la' },
    ];
    expect(matchChoice(text, yesNo)).toBeUndefined();
    expect(matchChoice('no', yesNo)?.value).toBe('no');
    expect(matchChoice('Sí', yesNo)?.value).toBe('yes');
  });

  it('matches Arabic titles after normalisation', () => {
    expect(matchChoice('نَعَم', arabic)?.value).toBe('yes');
    expect(matchChoice('١', arabic)?.value).toBe('yes');
  });
});

describe('an option named with an article (issue 12)', () => {
  const components = [
    { title: 'Lector de tarjetas, placa electrónica o motor', value: 'electronics' },
    { title: 'Manilla, cilindro o pestillo', value: 'mechanical' },
    { title: 'Ninguno de estos', value: 'none' },
  ];
  it.each([
    ['el lector de tarjetas', 'electronics'],
    ['El lector de tarjetas', 'electronics'],
    ['la manilla', 'mechanical'],
    ['the card reader', 'card'],
    ['my keypad', 'keypad'],
  ])('"%s" → %s', (text, value) => {
    const english = [
      { title: 'Card reader', value: 'card' },
      { title: 'Keypad', value: 'keypad' },
    ];
    expect(matchChoice(text, [...components, ...english])?.value).toBe(value);
  });

  it.each(['el', 'la', 'the', 'el tiempo'])('"%s" alone matches nothing', (text) => {
    expect(matchChoice(text, components)).toBeUndefined();
  });
});
