import { NOTE_MAX_LENGTH, checkNote } from './note-text';

describe('checkNote', () => {
  it('when a note has line breaks and tabs, then it is sent as one line', () => {
    expect(checkNote('  Asked by email.\n\tTicket 42  ', 'reason')).toEqual({
      ok: true,
      text: 'Asked by email. Ticket 42',
    });
  });

  it('when a note is empty or only spaces, then it asks for one, naming it', () => {
    expect(checkNote(' \n ', 'reason')).toEqual({ ok: false, message: 'Write the reason.' });
    expect(checkNote('', 'note')).toEqual({ ok: false, message: 'Write the note.' });
  });

  it('when a note is longer than the API takes, then it says by how much; at the limit it is accepted', () => {
    expect(checkNote('a'.repeat(NOTE_MAX_LENGTH), 'note')).toMatchObject({ ok: true });
    expect(checkNote('a'.repeat(NOTE_MAX_LENGTH + 1), 'note')).toEqual({
      ok: false,
      message: 'Keep the note to 500 characters (now 501).',
    });
  });

  it('when a note holds other control characters, then it asks to remove them', () => {
    expect(checkNote('bell\u0007', 'reason')).toEqual({
      ok: false,
      message: 'Remove the control characters from the reason.',
    });
  });
});
