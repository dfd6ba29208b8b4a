import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatToolbar } from '@angular/material/toolbar';
import { AuthApi } from './core/api/auth-api';
import { AuthStore } from './core/auth/auth-store';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbar, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App implements OnInit {
  protected readonly auth = inject(AuthStore);
  private readonly authApi = inject(AuthApi);
  private readonly router = inject(Router);

  ngOnInit(): void {
    // Refresh the stored user; an expired token gets a 401 that the interceptor turns into a log-out.
    if (this.auth.isLoggedIn()) {
      this.authApi.me().subscribe({ next: (user) => this.auth.updateUser(user), error: () => undefined });
    }
  }

  logOut(): void {
    this.auth.signOut();
    void this.router.navigateByUrl('/login');
  }
}
