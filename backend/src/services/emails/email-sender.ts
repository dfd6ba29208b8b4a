import type { MailConfig } from '../../config/config';
import { decideAfterFailedAttempt, describeFailure, outboxMessageId } from '../../domain/emails/email-attempt';
import { decideEmailMove, emailMoveTarget, statusesFor, type EmailMove } from '../../domain/emails/email-state-machine';
import type { RenderedEmail } from '../../emails/email-facts';
import { renderEmail } from '../../emails/render-email';
import type { Logger } from '../../logger';
import type { DataStore } from '../../repositories/data-store';
import type { EmailRowChange, OutboxEmail } from '../../repositories/email-outbox.repository';
import type { DocumentIssuingService } from '../invoices/document-issuing.service';
import { FACTS_LOADERS } from './facts';
import type { AppLinks, DocumentAttachment, LoaderContext } from './facts/facts-loader';
import type { MailTransport, OutgoingEmail } from './mail-transport';

/** How long a claim holds the row: longer than one run can take (documents, rendering, the send). */
export const LEASE_SECONDS = 120;
/** The SMTP conversation's bound, well inside the lease: a hung server is a failed attempt, not a lost row. */
const SEND_TIMEOUT_MS = 60_000;
/** An email waiting for its document is handed to a job again this much later (issuing takes about a second). */
const WAIT_SECONDS = 2;

export const MAIL_DISABLED_REASON = 'mail is disabled (MAIL_DISABLED=true)';

/** What one run did with its email. */
export type SendOutcome = 'sent' | 'retrying' | 'failed' | 'skipped' | 'waiting' | 'not_claimed';

export interface EmailSenderOptions {
  mail: MailConfig;
  /** Unset: mail is disabled, and every email is filed `skipped`. */
  transport?: MailTransport;
  links: AppLinks;
  /** Renders the message (templates); replaced in tests only. */
  render?: (facts: Parameters<typeof renderEmail>[0]) => RenderedEmail;
}

/** Thrown to make pg-boss retry an attempt: the error as the row keeps it, never more. */
export class EmailAttemptFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailAttemptFailed';
  }
}

/**
 * Sends one outbox email per job. The run claims the row (a lease, so one worker at a time and a
 * dead worker's row is taken over once the lease lapses), reads what the message says from our
 * rows, renders it, attaches the issued PDFs and hands it to the transport. Every outcome is a
 * move of the outbox state machine, recorded only while the run still holds its lease; a failed
 * attempt is counted and either retried by pg-boss (the job fails, with backoff) or, after the
 * last one, filed `failed` with its error.
 */
export class EmailSender {
  private readonly render: (facts: Parameters<typeof renderEmail>[0]) => RenderedEmail;
  private readonly secrets: string[];

  constructor(
    private readonly store: DataStore,
    private readonly documents: DocumentIssuingService,
    private readonly options: EmailSenderOptions,
    private readonly logger: Logger,
  ) {
    this.render = options.render ?? renderEmail;
    this.secrets = smtpSecrets(options.mail.smtpUrl);
  }

  async send(emailId: string): Promise<SendOutcome> {
    const claim = await this.claim(emailId);
    // Leased to a run that may have died after claiming it: this job comes back once the lease can lapse.
    if (claim === 'leased') throw new EmailAttemptFailed('another run holds the email; trying again later');
    if (claim === 'not_due') return 'not_claimed';
    const email = claim;
    if (!this.options.transport) {
      await this.record(email, 'skip', { lastError: MAIL_DISABLED_REASON });
      return 'skipped';
    }
    let message: OutgoingEmail | undefined;
    try {
      const loaded = await FACTS_LOADERS[email.kind](email, this.context());
      if (loaded.status === 'wait') {
        this.logger.debug({ emailId, reason: loaded.reason }, 'email waits');
        await this.record(email, 'wait', { handBackAfterSeconds: WAIT_SECONDS });
        return 'waiting';
      }
      if (loaded.status === 'obsolete') {
        await this.record(email, 'skip', { lastError: loaded.reason });
        return 'skipped';
      }
      const rendered = this.render(loaded.facts);
      message = {
        from: this.options.mail.from,
        to: loaded.to,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId: outboxMessageId(email.id, email.resends, this.options.mail.from),
        attachments: await this.attachments(loaded.attachments),
      };
      await withTimeout(this.options.transport.send(message), SEND_TIMEOUT_MS);
    } catch (error) {
      return this.failed(email, error, message);
    }
    await this.record(email, 'sent', {
      sent: { messageId: message.messageId },
      recipients: message.to.join(', '),
      subject: message.subject,
      lastError: null,
    });
    this.logger.info({ emailId, kind: email.kind }, 'email sent');
    return 'sent';
  }

  /**
   * Files an email whose job ran out of runs without recording an outcome; a row another run
   * still holds a live lease on is left to that run.
   */
  async abandon(emailId: string, reason: string): Promise<boolean> {
    const email = await this.store.repos.emails.find(emailId);
    if (!email) return false;
    const decision = decideEmailMove(email.status, 'abandon');
    if (decision.outcome === 'illegal') {
      this.logger.debug({ emailId, status: email.status }, 'abandoned email is settled already');
      return false;
    }
    const moved = await this.store.repos.emails.move(
      email.id,
      { status: email.status, leaseLapsed: email.status === 'sending' },
      decision.to,
      { leaseSeconds: null, lastError: describeFailure(`the job queue gave up: ${reason}`, this.secrets) },
    );
    if (moved) this.logger.error({ emailId, reason }, 'email abandoned by the job queue');
    return moved !== undefined;
  }

  /**
   * The row leased to this run, in one statement (the claim's rule is the state machine's);
   * `not_due` when it is not this run's to send (sent or filed already, gone, or not due yet: the
   * relay hands it again when it is); `leased` while another run's lease is live.
   */
  private async claim(emailId: string): Promise<OutboxEmail | 'not_due' | 'leased'> {
    const { emails } = this.store.repos;
    const claimed = await emails.claim(emailId, statusesFor('claim'), emailMoveTarget('claim'), LEASE_SECONDS);
    if (claimed) return claimed;
    const now = await emails.find(emailId);
    this.logger.debug({ emailId, status: now?.status }, 'email not claimed: settled, not due, or another run has it');
    return now?.status === 'sending' ? 'leased' : 'not_due';
  }

  private async failed(email: OutboxEmail, error: unknown, message: OutgoingEmail | undefined): Promise<SendOutcome> {
    const lastError = describeFailure(error instanceof Error ? error.message : String(error), this.secrets);
    const attempts = email.attempts + 1;
    const decision = decideAfterFailedAttempt(attempts, this.options.mail.maxAttempts);
    const recorded = await this.record(email, decision.outcome === 'retry' ? 'attempt_failed' : 'gave_up', {
      attempts: 'increment',
      lastError,
      ...(message ? { recipients: message.to.join(', '), subject: message.subject } : {}),
    });
    if (decision.outcome === 'give_up') {
      this.logger.error({ emailId: email.id, kind: email.kind, attempts, error: lastError }, 'email failed');
      return 'failed';
    }
    this.logger.warn({ emailId: email.id, kind: email.kind, attempts, error: lastError }, 'email attempt failed');
    // Another run took the row over: the retry is its business, not this job's.
    if (!recorded) return 'retrying';
    throw new EmailAttemptFailed(lastError);
  }

  /** Applies a move decided by the state machine to the row this run holds (its lease fences it). */
  private async record(email: OutboxEmail, move: EmailMove, change: EmailRowChange): Promise<boolean> {
    const decision = decideEmailMove(email.status, move);
    if (decision.outcome === 'illegal') {
      this.logger.warn({ emailId: email.id, from: decision.from, move }, 'email move refused');
      return false;
    }
    const moved = await this.store.repos.emails.move(
      email.id,
      { status: email.status, lease: email.lease },
      decision.to,
      {
        ...change,
        leaseSeconds: null,
      },
    );
    if (!moved) this.logger.warn({ emailId: email.id, move }, 'email lease lost; outcome not recorded');
    return moved !== undefined;
  }

  private async attachments(documents: DocumentAttachment[]): Promise<OutgoingEmail['attachments']> {
    return Promise.all(
      documents.map(async ({ documentId, filename }) => {
        const issued = await this.store.repos.invoices.snapshot(documentId);
        if (!issued) throw new Error(`document ${documentId} is not issued`);
        return { filename, content: await this.documents.pdf(issued), contentType: 'application/pdf' };
      }),
    );
  }

  private context(): LoaderContext {
    const { repos } = this.store;
    const adminTo = this.options.mail.adminTo;
    return {
      repos,
      links: this.options.links,
      adminRecipients: async () => (adminTo.length ? [...adminTo] : repos.users.adminEmails()),
    };
  }
}

/** The password of SMTP_URL (as written and decoded): never kept in a row's error. */
function smtpSecrets(smtpUrl: string | undefined): string[] {
  if (!smtpUrl) return [];
  try {
    const { password } = new URL(smtpUrl);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the mail server did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
