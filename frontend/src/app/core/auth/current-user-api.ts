import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { User } from './auth-models';

/** The signed-in user as the API knows them now (the app shell refreshes AuthStore with it). */
@Injectable({ providedIn: 'root' })
export class CurrentUserApi {
  private readonly http = inject(HttpClient);

  me(): Observable<User> {
    return this.http.get<{ user: User }>('/api/auth/me').pipe(map((res) => res.user));
  }
}
