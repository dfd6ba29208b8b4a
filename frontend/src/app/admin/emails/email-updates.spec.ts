import { anEmail } from './email-fixtures';
import { NO_UPDATES, applyUpdates, withEmail, withFirstPage } from './email-updates';

const FAILED = anEmail({ id: 'm1', status: 'failed', updatedAt: '2026-03-01T10:05:00.000Z' });
const SENT = anEmail({ id: 'm2', status: 'sent', updatedAt: '2026-03-01T09:00:00.000Z' });
const statuses = (emails: { id: string; status: string }[]) => emails.map((e) => `${e.id}:${e.status}`);

describe('email updates', () => {
  it('when nothing was learned, then the list is shown as read', () => {
    expect(applyUpdates([FAILED, SENT], NO_UPDATES)).toEqual([FAILED, SENT]);
  });

  it("when an email is resent, then its row shows the resend's answer in place", () => {
    const queued = { ...FAILED, status: 'queued' as const, attempts: 0, updatedAt: '2026-03-01T11:00:00.000Z' };
    const updates = withEmail(NO_UPDATES, queued);
    expect(statuses(applyUpdates([FAILED, SENT], updates))).toEqual(['m1:queued', 'm2:sent']);
  });

  it('when a refresh shows the resent email sent, then the newer view wins, and an older one never does', () => {
    const queued = { ...FAILED, status: 'queued' as const, updatedAt: '2026-03-01T11:00:00.000Z' };
    const sentAgain = { ...FAILED, status: 'sent' as const, updatedAt: '2026-03-01T11:00:05.000Z' };
    const afterResend = withEmail(NO_UPDATES, queued);
    const refreshed = withFirstPage(afterResend, [FAILED, SENT], { items: [sentAgain, SENT], nextCursor: null })!;
    expect(statuses(applyUpdates([FAILED, SENT], refreshed))).toEqual(['m1:sent', 'm2:sent']);
    // A late answer older than what is known does not take the row back.
    expect(statuses(applyUpdates([FAILED, SENT], withEmail(refreshed, queued)))).toEqual(['m1:sent', 'm2:sent']);
  });

  it('when a refresh finds emails created since the list was read, then they go above it, newest first', () => {
    const n1 = anEmail({ id: 'n1', status: 'queued', createdAt: '2026-03-02T10:00:00.000Z' });
    const n2 = anEmail({ id: 'n2', status: 'queued', createdAt: '2026-03-02T09:00:00.000Z' });
    const updates = withFirstPage(NO_UPDATES, [FAILED, SENT], { items: [n1, n2, FAILED], nextCursor: 'c2' })!;
    expect(applyUpdates([FAILED, SENT], updates).map((e) => e.id)).toEqual(['n1', 'n2', 'm1', 'm2']);
    // A second refresh finds the same new emails: still once each.
    const again = withFirstPage(updates, [FAILED, SENT], { items: [n1, n2, FAILED], nextCursor: 'c2' })!;
    expect(applyUpdates([FAILED, SENT], again).map((e) => e.id)).toEqual(['n1', 'n2', 'm1', 'm2']);
  });

  it('when the refreshed page does not reach the listed emails and has more, then the list must be read afresh', () => {
    const newOnes = Array.from({ length: 3 }, (_, i) => anEmail({ id: `n${i}` }));
    expect(withFirstPage(NO_UPDATES, [FAILED, SENT], { items: newOnes, nextCursor: 'c2' })).toBeNull();
    // Without a next page nothing is missing: every email is on it.
    const whole = withFirstPage(NO_UPDATES, [FAILED], { items: newOnes, nextCursor: null })!;
    expect(applyUpdates([FAILED], whole).map((e) => e.id)).toEqual(['n0', 'n1', 'n2', 'm1']);
  });
});
