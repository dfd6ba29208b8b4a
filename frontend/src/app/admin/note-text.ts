/**
 * A short note an admin writes (a refund's reason, a review resolution's note): the API takes
 * 1..500 plain characters on one line, so line breaks and tabs become spaces here, and what is
 * left must fit.
 */
export const NOTE_MAX_LENGTH = 500;

export type NoteCheck = { ok: true; text: string } | { ok: false; message: string };

export function normalizeNote(typed: string): string {
  return typed.replace(/\s+/g, ' ').trim();
}

export function checkNote(typed: string, what: string): NoteCheck {
  const text = normalizeNote(typed);
  if (!text) return { ok: false, message: `Write the ${what}.` };
  if (text.length > NOTE_MAX_LENGTH) {
    return { ok: false, message: `Keep the ${what} to ${NOTE_MAX_LENGTH} characters (now ${text.length}).` };
  }
  if (/\p{Cc}/u.test(text)) return { ok: false, message: `Remove the control characters from the ${what}.` };
  return { ok: true, text };
}
