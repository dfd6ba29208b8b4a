/** One message as the transport sends it. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /**
   * Derived from the outbox row (and its resend count), so a retry after an answer we did not
   * hear carries the same Message-ID and mail systems can recognise the copy.
   */
  messageId: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Where emails leave the product: SMTP (nodemailer) in mail/, injected by the process that
 * wires the services. A rejected promise is a failed attempt, to be retried.
 */
export interface MailTransport {
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
  close(): Promise<void>;
}
