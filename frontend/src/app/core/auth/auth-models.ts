/** Session types of the public HTTP API (see the API section of the root README.md). */

export type Role = 'student' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** What `POST /api/auth/register` and `POST /api/auth/login` answer. */
export interface AuthResponse {
  token: string;
  user: User;
}
