import type { UserRole } from '../entities';
import { isUniqueViolation } from './db-errors';
import type { SqlRunner } from './sql-runner';

export type { UserRole };

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

interface UserRow extends UserRecord {
  password_hash?: string;
}

export class UserRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Creates a student; `email_taken` when the (lower-cased) email is already registered. */
  async createStudent(input: {
    email: string;
    name: string;
    passwordHash: string;
  }): Promise<UserRecord | 'email_taken'> {
    try {
      const rows = await this.sql.query<UserRow>(
        `INSERT INTO users (email, name, password_hash, role) VALUES ($1, $2, $3, 'student') RETURNING id, email, name, role`,
        [input.email, input.name, input.passwordHash],
      );
      return toRecord(rows[0]!);
    } catch (error) {
      if (isUniqueViolation(error)) return 'email_taken';
      throw error;
    }
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const rows = await this.sql.query<UserRow>(`SELECT id, email, name, role FROM users WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** The only read that returns the password hash: login. */
  async findCredentials(email: string): Promise<(UserRecord & { passwordHash: string }) | undefined> {
    const rows = await this.sql.query<UserRow & { password_hash: string }>(
      `SELECT id, email, name, role, password_hash FROM users WHERE email = $1`,
      [email],
    );
    const row = rows[0];
    return row && { ...toRecord(row), passwordHash: row.password_hash };
  }

  /** Every admin's address (where admin mail goes when MAIL_ADMIN_TO is unset). */
  async adminEmails(): Promise<string[]> {
    const rows = await this.sql.query<{ email: string }>(`SELECT email FROM users WHERE role = 'admin' ORDER BY email`);
    return rows.map((r) => r.email);
  }
}

function toRecord(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
