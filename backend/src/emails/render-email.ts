import type { EmailFacts, RenderedEmail } from './email-facts';

/**
 * Renders one message from its facts: subject, HTML (every value escaped) and plain text.
 * Each kind has its own template in templates/.
 */
export function renderEmail(facts: EmailFacts): RenderedEmail {
  throw new Error(`no template for ${facts.kind} yet`);
}
