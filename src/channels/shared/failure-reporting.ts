import type { ChannelSetup } from '../channel-setup.js';

/** Tells the channel supervisor that a running channel lost its connection (it restarts it with backoff). */
export type ChannelFailureReporter = (error: unknown) => void;

/**
 * A channel setup that reports lost connections (WhatsApp `disconnected`, WeChat logout) to the
 * supervisor, so `GET /readyz` shows it as retrying and the supervisor restarts it. `createLockCare`
 * attaches the reporter to every channel setup that has `attachFailureReporter`.
 */
export interface ReportsFailures {
  attachFailureReporter(report: ChannelFailureReporter): void;
}

export function reportsFailures(setup: ChannelSetup): setup is ChannelSetup & ReportsFailures {
  return typeof (setup as Partial<ReportsFailures>).attachFailureReporter === 'function';
}
