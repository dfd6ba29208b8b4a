import type { Logger } from '../logger';
import type { DocumentIssuingService } from '../services/invoices/document-issuing.service';
import { PeriodicPass } from './periodic-pass';

/** How often pending documents are looked for: an invoice is ready about this long after the sale. */
const ISSUE_INTERVAL_MS = 1000;

/**
 * Runs the document issuing pass every second. Pending documents are rows (written with the
 * sale or refund), so several processes simply take turns on the issuing lock.
 */
export function documentIssuer(
  issuing: DocumentIssuingService,
  logger: Logger,
  intervalMs = ISSUE_INTERVAL_MS,
): PeriodicPass {
  return new PeriodicPass(
    async () => {
      const { issued, rendered } = await issuing.issuePending();
      if (issued || rendered) logger.info({ issued, rendered }, 'documents issued');
    },
    logger,
    'document issuing failed; retrying',
    intervalMs,
  );
}
