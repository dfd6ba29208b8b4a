import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatToolbar } from '@angular/material/toolbar';
import { AuthStore } from './core/auth/auth-store';
import { CurrentUserApi } from './core/auth/current-user-api';

/**
 * The shell: the toolbar and the page. Students get their account menus; admins, who buy nothing,
 * get the admin console instead (the catalogue stays, to look courses up).
 */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbar, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App implements OnInit {
  protected readonly auth = inject(AuthStore);
  private readonly currentUser = inject(CurrentUserApi);
  private readonly router = inject(Router);

  ngOnInit(): void {
    // Not a read the shell renders but a store update (the toolbar shows AuthStore's user), so it
    // stays imperative: refresh the stored user once; an expired token gets a 401 that the
    // interceptor turns into a log-out.
    if (this.auth.isLoggedIn()) {
      this.currentUser.me().subscribe({ next: (user) => this.auth.updateUser(user), error: () => undefined });
    }
  }

  protected logOut(): void {
    this.auth.signOut();
    void this.router.navigateByUrl('/login');
  }
}
