import type { Logger } from '../logger';
import type { EmailService } from '../services/emails/email.service';
import { PeriodicPass } from './periodic-pass';

/** How often the outbox is looked at: an email leaves about this long after its cause commits. */
const RELAY_INTERVAL_MS = 1000;

/** Runs the outbox relay every second: rows whose time has come get their send job. */
export function emailRelayTicker(emails: EmailService, logger: Logger, intervalMs = RELAY_INTERVAL_MS): PeriodicPass {
  return new PeriodicPass(
    async () => {
      const handed = await emails.handOver();
      if (handed) logger.debug({ handed }, 'emails handed to the job queue');
    },
    logger,
    'email relay failed; retrying',
    intervalMs,
  );
}
