import { TestBed } from '@angular/core/testing';
import { AuthStore, TOKEN_STORAGE_KEY, USER_STORAGE_KEY } from './auth-store';
import { aSession } from '../../testing/fixtures';

describe('AuthStore', () => {
  beforeEach(() => localStorage.clear());

  it('keeps the session in localStorage so it survives a reload', () => {
    TestBed.inject(AuthStore).signIn(aSession());
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('token-123');

    TestBed.resetTestingModule();
    const reloaded = TestBed.inject(AuthStore);
    expect(reloaded.isLoggedIn()).toBe(true);
    expect(reloaded.user()?.email).toBe('student@example.com');
    expect(reloaded.token()).toBe('token-123');
  });

  it('forgets the session on sign out', () => {
    const store = TestBed.inject(AuthStore);
    store.signIn(aSession());
    store.signOut();
    expect(store.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(localStorage.getItem(USER_STORAGE_KEY)).toBeNull();
  });

  it('ignores a corrupt stored user', () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 't');
    localStorage.setItem(USER_STORAGE_KEY, '{not json');
    expect(TestBed.inject(AuthStore).isLoggedIn()).toBe(false);
  });

  it('knows admins', () => {
    const store = TestBed.inject(AuthStore);
    store.signIn(aSession({ role: 'admin' }));
    expect(store.isAdmin()).toBe(true);
  });
});
