import { PayPalState } from './state';
import { PayPalEvents } from './webhooks';

export interface PayPalContext {
  state: PayPalState;
  events: PayPalEvents;
  /** `http://<publicHost>:<port>`: stands in for both api-m.paypal.com and www.paypal.com. */
  baseUrl: () => string;
  /** The transmission certificate's URL, as put in `PAYPAL-CERT-URL`. */
  certUrl: () => string;
  webhookId: () => string;
}
