import { StripeEvents } from './events';
import { StripeState } from './state';

/** What every Stripe handler and flow needs: state, the event emitter, and where pages live. */
export interface StripeContext {
  state: StripeState;
  events: StripeEvents;
  /** `http://<publicHost>:<port>`: base of the hosted pages handed to browsers. */
  pageBaseUrl: () => string;
}
