import { DOCUMENT, Injectable, inject } from '@angular/core';

/** Leaves the app for another site (the provider's hosted checkout). Replaced in tests. */
@Injectable({ providedIn: 'root' })
export class ExternalNavigation {
  private readonly document = inject(DOCUMENT);

  goTo(url: string): void {
    const location = this.document.defaultView?.location;
    if (location) location.href = url;
  }
}
