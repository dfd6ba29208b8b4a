import type { RenderedEmail } from './email-facts';
import { renderHtml } from './layout';
import type { EmailMessage } from './message';
import { renderText } from './text-layout';

/** The subject is a header: one line, whatever the values in it hold. */
function subjectLine(subject: string): string {
  return subject
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A message in its three parts: subject, HTML and plain text. */
export function renderMessage(message: EmailMessage): RenderedEmail {
  return { subject: subjectLine(message.subject), html: renderHtml(message), text: renderText(message) };
}
