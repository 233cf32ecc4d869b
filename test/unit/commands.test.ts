import { describe, expect, it } from 'vitest';
import { findCommand } from '../../src/core/commands.js';
import { globalCommands } from '../../dialogs/commands/index.js';
import { testTranslator } from '../helpers/core-harness.js';

const t = testTranslator();
const find = (text: string) => findCommand(globalCommands, text, t)?.id;

describe('global commands in any language', () => {
  it.each([
    ['menu', 'menu'],
    ['Menú', 'menu'],
    ['القائمة', 'menu'],
    ['ayuda', 'help'],
    ['agent', 'human'],
    ['quiero hablar con una persona', 'human'],
    ['ابي اكلم موظف', 'human'],
  ])('"%s" → %s', (text, id) => {
    expect(find(text)).toBe(id);
  });

  it('finds a phrase in a long message (over 80 characters), in each language', () => {
    expect(find('Good evening, we have tried everything with the lock of room 305 and now I would like to talk to a person please')).toBe('human');
    expect(find('Buenas noches, ya probamos todo con la cerradura de la habitación 305 y ahora quiero hablar con una persona por favor')).toBe('human');
    expect(find('مساء الخير، جربنا كل شي مع قفل الغرفة 305 وما زبط، الحين ابي اكلم موظف لو سمحت بسرعة عشان النزيل ينتظر')).toBe('human');
  });

  it('does not treat a long message that merely contains a command word as that command', () => {
    expect(find('the guest card shows a red light and the menu on the encoder software does not list room 305 any more at all')).toBeUndefined();
  });
});
