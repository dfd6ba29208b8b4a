import jwt from 'jsonwebtoken';
import type { Config } from '../../config/config';
import { ConflictError, UnauthorizedError } from '../../errors/app-error';
import type { DataStore } from '../../repositories/data-store';
import type { UserRecord, UserRole } from '../../repositories/user.repository';
import { AuthThrottle, DEFAULT_AUTH_LIMITS, type AuthLimits } from './auth-throttle';
import { normaliseEmail } from './email-address';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hasher';

export type { UserRole };

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

export interface Session {
  token: string;
  user: PublicUser;
}

export interface Principal {
  userId: string;
  role: UserRole;
}

const ALGORITHM = 'HS256';
const ISSUER = 'lms-payments';
const AUDIENCE = 'lms-payments-api';

export class AuthService {
  private readonly throttle: AuthThrottle;

  constructor(
    private readonly store: DataStore,
    private readonly jwtConfig: Config['jwt'],
    limits: Partial<AuthLimits> = {},
  ) {
    this.throttle = new AuthThrottle({ ...DEFAULT_AUTH_LIMITS, ...limits });
  }

  /**
   * `clientIp`: the HTTP client, limited per IP; `null` only for callers inside the process
   * (seeding, test set-up), which no client limit applies to.
   */
  async register(input: { email: string; password: string; name: string }, clientIp: string | null): Promise<Session> {
    const email = normaliseEmail(input.email);
    if (clientIp !== null) this.throttle.admitRegistration(clientIp);
    const passwordHash = await hashPassword(input.password);
    const user = await this.store.repos.users.createStudent({ email, name: input.name.trim(), passwordHash });
    if (user === 'email_taken') throw new ConflictError('email_taken', 'An account with this email already exists');
    return this.sessionFor(user);
  }

  /**
   * Unknown email and wrong password answer the same, after the same amount of work (one hash),
   * and count against the same limits (see AuthThrottle).
   */
  async login(input: { email: string; password: string }, clientIp: string): Promise<Session> {
    const email = normaliseEmail(input.email);
    const attempt = this.throttle.admitLogin(email, clientIp);
    const user = await this.verifiedUser(email, input.password).catch((error: unknown) => {
      attempt.refund(); // the password was never checked (hashing busy, database down): not a failure
      throw error;
    });
    if (!user) throw new UnauthorizedError('Email or password is incorrect', 'invalid_credentials');
    attempt.refund(); // a right password is not a failure
    return this.sessionFor(user);
  }

  async me(userId: string): Promise<PublicUser> {
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new UnauthorizedError('Your session is no longer valid; please log in again');
    return toPublicUser(user);
  }

  /**
   * The principal behind a bearer token, with the role the database holds now (one primary-key
   * read per authenticated request): a demoted admin loses admin access, a promoted student gains
   * it, and a deleted user's token stops working, at once rather than when the token expires.
   */
  async authenticate(token: string): Promise<Principal> {
    const userId = this.verifyToken(token);
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new UnauthorizedError('Your session is no longer valid; please log in again', 'invalid_token');
    return { userId: user.id, role: user.role };
  }

  /** The user id a valid token names. Its `role` claim is informative only; authenticate reads the role. */
  private verifyToken(token: string): string {
    try {
      const claims = jwt.verify(token, this.jwtConfig.secret, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      if (typeof claims === 'string' || typeof claims.sub !== 'string') throw new Error('bad claims');
      return claims.sub;
    } catch {
      throw new UnauthorizedError('Your session has expired or is invalid; please log in again', 'invalid_token');
    }
  }

  issueToken(user: Pick<UserRecord, 'id' | 'role'>): string {
    return jwt.sign({ role: user.role }, this.jwtConfig.secret, {
      algorithm: ALGORITHM,
      subject: user.id,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.jwtConfig.expiresInSeconds,
    });
  }

  private async verifiedUser(email: string, password: string): Promise<UserRecord | undefined> {
    const user = await this.store.repos.users.findCredentials(email);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    return user && valid ? user : undefined;
  }

  private sessionFor(user: UserRecord): Session {
    return { token: this.issueToken(user), user: toPublicUser(user) };
  }
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
