import { Injectable, computed, signal } from '@angular/core';
import { AuthResponse, User } from './auth-models';

export const TOKEN_STORAGE_KEY = 'lms.token';
export const USER_STORAGE_KEY = 'lms.user';

interface Session {
  token: string;
  user: User;
}

/** The signed-in session, kept in localStorage so it survives reloads. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly session = signal<Session | null>(readSession());

  readonly token = computed(() => this.session()?.token ?? null);
  readonly user = computed(() => this.session()?.user ?? null);
  readonly isLoggedIn = computed(() => this.session() !== null);
  readonly isAdmin = computed(() => this.session()?.user.role === 'admin');

  signIn(res: AuthResponse): void {
    this.session.set({ token: res.token, user: res.user });
    writeStorage(TOKEN_STORAGE_KEY, res.token);
    writeStorage(USER_STORAGE_KEY, JSON.stringify(res.user));
  }

  updateUser(user: User): void {
    const current = this.session();
    if (!current) return;
    this.session.set({ ...current, user });
    writeStorage(USER_STORAGE_KEY, JSON.stringify(user));
  }

  signOut(): void {
    this.session.set(null);
    writeStorage(TOKEN_STORAGE_KEY, null);
    writeStorage(USER_STORAGE_KEY, null);
  }
}

function readSession(): Session | null {
  try {
    const token = localStorage.getItem(TOKEN_STORAGE_KEY);
    const rawUser = localStorage.getItem(USER_STORAGE_KEY);
    if (!token || !rawUser) return null;
    const user = JSON.parse(rawUser) as User;
    return user && typeof user.id === 'string' ? { token, user } : null;
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage unavailable: the session then lasts until the tab closes.
  }
}
