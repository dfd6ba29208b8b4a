import { ReplayResult, WebhookEventStatus } from '../admin-models';

export const WEBHOOK_STATUS_LABELS: Record<WebhookEventStatus, string> = {
  received: 'Received',
  processed: 'Processed',
  unhandled: 'Unhandled',
  ignored: 'Ignored',
  failed: 'Failed',
};

export const WEBHOOK_STATUSES = Object.keys(WEBHOOK_STATUS_LABELS) as WebhookEventStatus[];

/** How a chip reads at a glance (its text says the status, the tone only repeats it). */
export const WEBHOOK_STATUS_TONES: Record<WebhookEventStatus, 'good' | 'bad' | 'waiting' | 'neutral'> = {
  received: 'waiting',
  processed: 'good',
  unhandled: 'neutral',
  ignored: 'neutral',
  failed: 'bad',
};

/** What a replay did, in words. */
export const REPLAY_OUTCOME_LABELS: Record<ReplayResult['outcome'], string> = {
  processed: 'Replayed: processed.',
  unhandled: 'Replayed: no handler acts on this event type (unhandled).',
  ignored: 'Replayed: ignored, nothing to change.',
  failed: 'Replay failed.',
};

const EXCERPT_LENGTH = 80;

/** The start of an error for the table; the detail shows it whole. */
export function errorExcerpt(error: string | null): string | null {
  if (!error) return null;
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1)}…` : line;
}
