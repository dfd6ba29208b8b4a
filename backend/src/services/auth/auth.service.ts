import jwt from 'jsonwebtoken';
import type { Config } from '../../config/config';
import { ConflictError, UnauthorizedError } from '../../errors/app-error';
import type { DataStore } from '../../repositories/data-store';
import type { UserRecord, UserRole } from '../../repositories/user.repository';
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
  constructor(
    private readonly store: DataStore,
    private readonly jwtConfig: Config['jwt'],
  ) {}

  async register(input: { email: string; password: string; name: string }): Promise<Session> {
    const email = input.email.trim().toLowerCase();
    const passwordHash = await hashPassword(input.password);
    const user = await this.store.repos.users.createStudent({ email, name: input.name.trim(), passwordHash });
    if (user === 'email_taken') throw new ConflictError('email_taken', 'An account with this email already exists');
    return this.sessionFor(user);
  }

  /** Unknown email and wrong password answer the same, after the same amount of work. */
  async login(input: { email: string; password: string }): Promise<Session> {
    const user = await this.store.repos.users.findCredentials(input.email.trim().toLowerCase());
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !valid) throw new UnauthorizedError('Email or password is incorrect', 'invalid_credentials');
    return this.sessionFor(user);
  }

  async me(userId: string): Promise<PublicUser> {
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new UnauthorizedError('Your session is no longer valid; please log in again');
    return toPublicUser(user);
  }

  verifyToken(token: string): Principal {
    try {
      const claims = jwt.verify(token, this.jwtConfig.secret, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      if (typeof claims === 'string' || typeof claims.sub !== 'string') throw new Error('bad claims');
      const role = claims['role'];
      if (role !== 'student' && role !== 'admin') throw new Error('bad role');
      return { userId: claims.sub, role };
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

  private sessionFor(user: UserRecord): Session {
    return { token: this.issueToken(user), user: toPublicUser(user) };
  }
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
