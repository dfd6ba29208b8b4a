import { Page } from '../admin-models';
import { AdminEmail } from './email-models';

/**
 * What the page learned after reading its list: newer views of emails (a resend's answer, a
 * refresh) and the emails created since, which go above the list.
 */
export interface EmailUpdates {
  readonly latest: ReadonlyMap<string, AdminEmail>;
  readonly created: readonly AdminEmail[];
}

export const NO_UPDATES: EmailUpdates = { latest: new Map(), created: [] };

/** The newer of two views of one email; `learned` (the later answer) on a tie. */
function newest(known: AdminEmail, learned: AdminEmail | undefined): AdminEmail {
  return learned && learned.updatedAt >= known.updatedAt ? learned : known;
}

function withViews(latest: ReadonlyMap<string, AdminEmail>, views: readonly AdminEmail[]): Map<string, AdminEmail> {
  const next = new Map(latest);
  for (const view of views) {
    const known = next.get(view.id);
    next.set(view.id, known ? newest(known, view) : view);
  }
  return next;
}

/** After a resend (or any single read): the email as the API now shows it. */
export function withEmail(updates: EmailUpdates, email: AdminEmail): EmailUpdates {
  return { ...updates, latest: withViews(updates.latest, [email]) };
}

/**
 * After the first page is read again ("Refresh"): the emails it shows replace their older views,
 * and those the list lacks are new. Null when the page does not reach the listed emails and has
 * more after it: emails between the two are unknown, so the list must be read afresh.
 */
export function withFirstPage(
  updates: EmailUpdates,
  listed: readonly AdminEmail[],
  page: Page<AdminEmail>,
): EmailUpdates | null {
  const listedIds = new Set(listed.map((e) => e.id));
  const reachesList = page.items.some((e) => listedIds.has(e.id));
  if (!reachesList && page.nextCursor !== null) return null;
  return {
    latest: withViews(updates.latest, page.items),
    created: page.items.filter((e) => !listedIds.has(e.id)),
  };
}

/** The list as shown: the new emails first, then the listed ones, each in its newest view. */
export function applyUpdates(listed: readonly AdminEmail[], updates: EmailUpdates): AdminEmail[] {
  const createdIds = new Set(updates.created.map((e) => e.id));
  return [...updates.created, ...listed.filter((e) => !createdIds.has(e.id))].map((e) =>
    newest(e, updates.latest.get(e.id)),
  );
}
