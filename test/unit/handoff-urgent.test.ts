import { stripIsolates } from '../../src/core/bidi.js';
import { describe, expect, it } from 'vitest';
import type { Feature } from '../../src/core/dialog.js';
import { formatDueTime } from '../../src/handoff/due-format.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

/** Stands in for the FAQ: free text at the menu begins `troubleshoot` with the question. */
const faqStandIn: Feature = {
  name: 'faq-stand-in',
  dialogs: [
    {
      id: 'troubleshoot',
      begin(ctx, args) {
        ctx.say(`FAQ: ${String(args.query ?? '')}`);
      },
      continue(ctx) {
        ctx.say(`FAQ: ${ctx.input.text}`);
      },
    },
  ],
};

describe('urgent words', () => {
  it.each([
    ['en', 'how do I open the door with the emergency power box when batteries are dead'],
    ['en', 'the emergency card does not open room 204'],
    ['en', 'not urgent: how do I change the batteries'],
    ['en', 'which locks fit fire doors'],
    ['en', 'is this urgent? the lock beeps'],
    ['en', 'what happens to the locks if there is a fire'],
    ['es', 'la tarjeta de emergencia no abre'],
    ['es', 'no es urgente, ¿cómo cambio las pilas?'],
    ['es', 'necesito la llave de emergencia para la 305'],
    ['es', '¿sirven sus cerraduras para puertas cortafuegos?'],
    ['ar', 'كارت الطوارئ ما يفتح الغرفة 204'],
    ['ar', 'مو مستعجل، كيف اغير البطاريات؟'],
    ['ar', 'هل تناسب الأقفال أبواب الحريق؟'],
    ['ar', 'عندي سؤال عاجل عن البطاريات'],
  ] as const)('in %s, an ordinary lock question goes to the FAQ, not to an urgent ticket: "%s"', async (_language, text) => {
    const { user, setup } = await createHandoffHarness({ features: [faqStandIn] });
    const u = user();
    const out = await u.say(text);
    // Arabic replies isolate Latin runs ("FAQ") for right-to-left display: compare what is read.
    expect(stripIsolates(out.at(-1)!)).toBe(`FAQ: ${text}`);
    expect(await setup.tickets.listOpen()).toEqual([]);
    expect((await u.state())?.mode).toBe('bot');
  });

  it.each([
    ['en', 'a guest is locked in room 305!'],
    ['en', 'there is a fire on the second floor, the doors will not open'],
    ['en', 'the emergency card does not work and a guest is locked in'],
    ['es', 'hay un huésped encerrado en la 305'],
    ['es', '¡hay un incendio en el hotel!'],
    ['es', 'todas las cerraduras fuera de servicio'],
    ['ar', 'النزيل محبوس في الغرفة 305'],
    ['ar', 'حريق في الفندق'],
    ['ar', 'كل الأقفال معطلة'],
  ] as const)('in %s, a real emergency opens an urgent ticket due within 1 hour: "%s"', async (language, text) => {
    const { user, translator, setup, clock } = await createHandoffHarness({ features: [faqStandIn] });
    const out = await user().say(text);
    const due = formatDueTime(new Date(clock.now().getTime() + 3_600_000), language, undefined);
    expect(out).toEqual([translator.t(language, 'handoff.queuedUrgent', { ticket: 'LC-000001', due })]);
    expect(await setup.tickets.get('LC-000001')).toMatchObject({ priority: 'urgent', reason: 'urgent' });
  });

  it('lock vocabulary plus a request for a person opens a normal ticket', async () => {
    const { user, setup } = await createHandoffHarness({ features: [faqStandIn] });
    await user().say('the emergency card does not open room 204, talk to a person');
    expect(await setup.tickets.get('LC-000001')).toMatchObject({ priority: 'normal', reason: 'user-request' });
  });

  it.each([
    ['en', 'Hello, this is the night manager at the Harbour View hotel: a guest is locked in room 305 and cannot open the door at all.'],
    ['es', 'Buenas noches, le escribe el recepcionista del hotel Mirador: hay un huésped encerrado en la 305 y la puerta no abre nada.'],
    ['ar', 'مساء الخير، معك موظف الاستقبال في فندق المرسى، النزيل محبوس في الغرفة 305 والباب ما يفتح أبدًا ولا نعرف ماذا نفعل الآن.'],
  ] as const)('in %s, a long (~120 characters) urgent message opens an urgent ticket', async (language, text) => {
    expect(text.length).toBeGreaterThan(110);
    const { user, translator, setup, clock } = await createHandoffHarness({ features: [faqStandIn] });
    const out = await user().say(text);
    const due = formatDueTime(new Date(clock.now().getTime() + 3_600_000), language, undefined);
    expect(out).toEqual([translator.t(language, 'handoff.queuedUrgent', { ticket: 'LC-000001', due })]);
    expect((await setup.tickets.get('LC-000001'))?.priority).toBe('urgent');
  });
});
