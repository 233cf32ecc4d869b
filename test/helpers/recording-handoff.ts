import type { EscalationRequest, HandoffService } from '../../src/core/dialog.js';

/**
 * A handoff that records each escalation (a copy, as it was asked) and answers like the default
 * "a person will follow up"; a message while handed off goes back to the bot's main menu.
 */
export function recordingHandoff(): HandoffService & { requests: EscalationRequest[] } {
  const requests: EscalationRequest[] = [];
  return {
    requests,
    async escalate(ctx, request) {
      requests.push(structuredClone(request));
      ctx.sayKey('handoff.followUp');
    },
    async handleWhileHandedOff(ctx) {
      await ctx.restart();
    },
  };
}
