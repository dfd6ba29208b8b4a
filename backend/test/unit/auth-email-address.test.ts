import { ValidationError } from '../../src/errors/app-error';
import { normaliseEmail } from '../../src/services/auth/email-address';

function rejection(raw: string): ValidationError {
  try {
    normaliseEmail(raw);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
}

describe('normaliseEmail', () => {
  it('when spellings differ by surrounding space, case or compatibility forms, then they give one address', () => {
    const spellings = [
      'admin@example.com',
      ' Admin@Example.com',
      'ADMIN@EXAMPLE.COM\t',
      '\u00a0admin@example.com\u3000', // no-break and ideographic spaces around it
      '\uff41\uff44\uff4d\uff49\uff4e@example.com', // fullwidth "admin"
      'admin\uff20example.com', // fullwidth @
      '\ufeffadmin@example.com', // a byte order mark pasted in front
    ];
    expect(new Set(spellings.map(normaliseEmail))).toEqual(new Set(['admin@example.com']));
    expect(normaliseEmail('\u212Aate@example.com')).toBe('kate@example.com'); // the Kelvin sign
  });

  it.each([
    ['a tab inside', 'ad\tmin@example.com'],
    ['a NUL', 'admin@example.com\u0000'],
    ['a line feed inside', 'admin@exa\nmple.com'],
    ['a space inside', 'ad min@example.com'],
    ['a no-break space inside', 'ad\u00a0min@example.com'],
    ['a zero-width space', 'admin\u200b@example.com'],
    ['a trailing zero-width space', 'admin@example.com\u200b'],
    ['a zero-width joiner', 'ad\u200dmin@example.com'],
    ['a right-to-left override', 'admin@\u202eexample.com'],
    ['a line separator', 'admin@example.com\u2028x'],
  ])('when the address holds %s, then 400 names the hidden character rule', (_what, raw) => {
    const error = rejection(raw);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      { path: 'email', message: 'must not contain spaces, control or invisible characters' },
    ]);
  });

  it.each(['not-an-email', '@example.com', 'admin@', 'admin@example', 'adm\u00efn@example.com', 'İnfo@example.com'])(
    'when %j is not shaped like an email, then 400',
    (raw) => {
      expect(rejection(raw).details).toEqual([{ path: 'email', message: 'must be a valid email address' }]);
    },
  );

  it('when the normalised address is longer than the column, then 400 (NFKC can lengthen it)', () => {
    const local = '\u3397'.repeat(150); // each "㎗" becomes "dl"
    expect(rejection(`${local}@${'a'.repeat(100)}.example.com`).details).toEqual([
      { path: 'email', message: 'must be at most 320 characters' },
    ]);
  });
});
