import { ApiError } from '../core/api/api-error';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';

/**
 * What the Payment methods page tells the student after something they did: `success` and `info`
 * are announced politely (role="status"), `error` at once (role="alert").
 */
export interface Notice {
  tone: 'success' | 'info' | 'error';
  text: string;
}

/** Back from the provider's page through its cancel link. */
export const SETUP_CANCELED: Notice = { tone: 'info', text: 'Canceled; nothing was saved.' };

export function setupSaved(method: PaymentMethod): Notice {
  return { tone: 'success', text: `${method.label} saved.` };
}

/** Completing a setup failed: the student left the provider's page early, it expired, or another error. */
export function setupFailed(error: ApiError): Notice {
  switch (error.code) {
    case 'setup_not_completed':
      return { tone: 'info', text: 'You did not finish adding the method; nothing was saved.' };
    case 'setup_expired':
      return { tone: 'error', text: 'That setup expired; try again.' };
  }
  if (error.status === 404) {
    return { tone: 'error', text: "We couldn't find that setup; nothing was saved. Try adding the method again." };
  }
  return { tone: 'error', text: error.message };
}

export function madeDefault(method: PaymentMethod): Notice {
  const what = method.type === 'paypal' ? 'PayPal account' : 'card';
  return { tone: 'success', text: `${method.label} is now your default ${what}.` };
}

export function removed(method: PaymentMethod): Notice {
  return { tone: 'success', text: `${method.label} removed.` };
}

/** The method was removed meanwhile (another tab, or at the provider): the page drops it too. */
export function noLongerSaved(method: PaymentMethod): Notice {
  return { tone: 'info', text: `${method.label} is no longer saved.` };
}

/** Any other refusal, as the API words it (e.g. 409 `method_in_use`: what to do first). */
export function actionFailed(error: ApiError): Notice {
  return { tone: 'error', text: error.message };
}
