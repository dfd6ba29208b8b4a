import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page narrow">
      <h1>Page not found</h1>
      <p>The page you are looking for does not exist.</p>
      <a routerLink="/courses">Browse courses</a>
    </section>
  `,
})
export class NotFound {}
