import { describe, expect, it } from 'vitest';
import { currentStep, type StepTable, type TurnContext } from '../../src/core/dialog.js';

const asked: string[] = [];
const table: StepTable<'first' | 'second'> = {
  first: { ask: () => void asked.push('first?'), handle: () => void asked.push('first!') },
  second: { ask: () => void asked.push('second?'), handle: () => void asked.push('second!'), back: () => void asked.push('back to first') },
};
const at = (step: string | undefined) => ({ frame: step === undefined ? undefined : { id: 'test', step, data: {} } }) as unknown as TurnContext;

describe('a dialog step table', () => {
  it('finds the frame\'s step and runs its ask, handle and back', async () => {
    asked.length = 0;
    const step = currentStep(table, at('second'))!;
    await step.ask(at('second'));
    await step.handle(at('second'));
    await step.back!(at('second'));
    expect(asked).toEqual(['second?', 'second!', 'back to first']);
  });

  it('knows no step the table does not list (not even inherited names), nor a frameless context', () => {
    expect(currentStep(table, at('third'))).toBeUndefined();
    expect(currentStep(table, at('toString'))).toBeUndefined();
    expect(currentStep(table, at(undefined))).toBeUndefined();
  });
});
