import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { arr, num, obj, str, type Json } from '../json-reading';
import type {
  CustomerPaymentMethods,
  PaymentMethodCapability,
  SavedPaymentMethod,
  SetupOutcome,
  SetupSession,
  SetupSessionRequest,
} from '../payment-provider';
import { PayPalHttpError, type PayPalApi, type PayPalRequest } from './paypal-client';
import { callPayPal, reportPayPalError } from './paypal-errors';
import { paymentMethodAttached, paymentTokenMethod } from './paypal-vault-mapper';

/** PayPal's limit for the brand name on its pages. */
const MAX_BRAND_NAME = 127;
/** PayPal: "By default, the setup token expires after 3 days." The answer itself carries no expiry. */
const SETUP_TOKEN_LIFETIME_MS = 3 * 24 * 3600 * 1000;
/** Per page of a customer's tokens, and the most pages we read (vault v3 caps a list at 10 pages). */
const LIST_PAGE_SIZE = 20;
const MAX_LIST_PAGES = 10;

const SETUP_TOKENS = '/v3/vault/setup-tokens';
const PAYMENT_TOKENS = '/v3/vault/payment-tokens';

/**
 * The setup token for saving a student's PayPal wallet: merchant-initiated use later (MERCHANT), on the
 * customer PayPal made at their first save when we know it (so all their wallets are listed together),
 * nothing shipped. The return URL is ours unchanged: PayPal appends `approval_token_id` and
 * `approval_session_id` itself. Vault v3 has no metadata of ours: the setup id stays on our side, keyed
 * by the setup token id.
 */
export function setupTokenBody(request: SetupSessionRequest, brandName?: string): Json {
  const customerId = request.customer.providerCustomerId;
  return {
    ...(customerId ? { customer: { id: customerId } } : {}),
    payment_source: {
      paypal: {
        usage_type: 'MERCHANT',
        customer_type: 'CONSUMER',
        experience_context: {
          return_url: request.returnUrl,
          cancel_url: request.cancelUrl,
          shipping_preference: 'NO_SHIPPING',
          ...(brandName ? { brand_name: brandName.slice(0, MAX_BRAND_NAME) } : {}),
        },
      },
    },
  };
}

/**
 * The request id of the payment-token POST. Callers may hand completeSetup the key they created the setup
 * with (both derive from our setup id), and a PayPal-Request-Id reused for another request is refused
 * (PAYPAL_REQUEST_ID_PREVIOUSLY_USED), so the confirm call gets its own id derived from the key.
 */
export function paymentTokenRequestId(idempotencyKey: string): string {
  return `${idempotencyKey}:payment-token`;
}

/** A POST that PayPal deduplicates by our key (and `run` may then retry). */
function post(path: string, body: Json, idempotencyKey: string): PayPalRequest {
  return { path, verb: 'POST', body, headers: { 'PayPal-Request-Id': idempotencyKey } };
}

function isStatus(err: unknown, status: number, issue?: string): boolean {
  return err instanceof PayPalHttpError && err.statusCode === status && (!issue || err.issues.includes(issue));
}

export interface PayPalPaymentMethodsOptions {
  now: () => Date;
  logger?: Logger;
  brandName?: string;
}

/**
 * Saved PayPal wallets on vault v3. PayPal keeps no default method (`keepsDefault` false): a course is paid
 * with the token we name (`payment_source.paypal.vault_id`), and a PayPal subscription by the subscriber's
 * account, whatever is in the vault.
 */
export class PayPalPaymentMethods implements PaymentMethodCapability {
  readonly paysCheckouts = true;
  readonly keepsDefault = false;

  constructor(
    private readonly api: PayPalApi,
    private readonly options: PayPalPaymentMethodsOptions,
  ) {}

  async createSetupSession(request: SetupSessionRequest): Promise<SetupSession> {
    const body = setupTokenBody(request, this.options.brandName);
    const response = await callPayPal(
      'setup-tokens.create',
      () => this.api.execute<Json>(post(SETUP_TOKENS, body, request.idempotencyKey)),
      this.options.logger,
    );
    const token = response.result ?? {};
    const id = str(token.id);
    const approve = str(arr(token.links).find((l) => l.rel === 'approve')?.href);
    if (!id || !approve) {
      throw new ProviderError('unavailable', 'paypal', 'PayPal returned a setup token without an id or approve link', {
        code: 'provider_error',
        details: { provider: 'paypal' },
      });
    }
    return {
      providerSetupId: id,
      setupUrl: approve,
      expiresAt: new Date(this.options.now().getTime() + SETUP_TOKEN_LIFETIME_MS),
    };
  }

  /**
   * Reads the setup token: the payer still has to act (not_completed), has approved (turn it into a payment
   * token under our key: a replay within PayPal's key window answers the same token), or PayPal forgot it
   * (expired: 404 after its 3 days). Quirk: a token already VAULTED under another key (ours expired at PayPal
   * after 3 hours) is SETUP_TOKEN_ALREADY_TOKENIZED and names no payment token: a conflict, the method
   * itself arrives by VAULT.PAYMENT-TOKEN.CREATED or a refresh of the customer's list.
   */
  async completeSetup(
    providerSetupId: string,
    options: { providerCustomerId?: string; idempotencyKey: string },
  ): Promise<SetupOutcome> {
    let setup: Json;
    try {
      setup = (await this.api.execute<Json>({ path: this.setupPath(providerSetupId), verb: 'GET' })).result ?? {};
    } catch (err) {
      if (isStatus(err, 404)) return { kind: 'expired' };
      throw reportPayPalError(err, 'setup-tokens.get', this.options.logger);
    }
    const status = str(setup.status);
    if (status !== 'APPROVED' && status !== 'VAULTED') return { kind: 'not_completed' };

    const body = { payment_source: { token: { id: providerSetupId, type: 'SETUP_TOKEN' } } };
    let token: Json;
    try {
      const requestId = paymentTokenRequestId(options.idempotencyKey);
      token = (await this.api.execute<Json>(post(PAYMENT_TOKENS, body, requestId))).result ?? {};
    } catch (err) {
      if (isStatus(err, 404)) return { kind: 'expired' };
      if (isStatus(err, 422, 'PAYER_ACTION_REQUIRED')) return { kind: 'not_completed' };
      if (isStatus(err, 422, 'SETUP_TOKEN_ALREADY_TOKENIZED')) {
        throw new ProviderError('conflict', 'paypal', 'This PayPal setup was already turned into a saved wallet', {
          code: 'setup_already_completed',
          details: { provider: 'paypal', operation: 'payment-tokens.create' },
        });
      }
      throw reportPayPalError(err, 'payment-tokens.create', this.options.logger);
    }
    const method = paymentTokenMethod(token, str(obj(setup.customer)?.id) ?? options.providerCustomerId);
    if (!method) {
      throw new ProviderError('unavailable', 'paypal', 'PayPal returned a payment token we cannot read', {
        code: 'provider_error',
        details: { provider: 'paypal' },
      });
    }
    return { kind: 'saved', method, events: [paymentMethodAttached(method, this.options.now())] };
  }

  async getPaymentMethod(providerPaymentMethodId: string): Promise<SavedPaymentMethod | null> {
    try {
      const token = (await this.api.execute<Json>({ path: this.tokenPath(providerPaymentMethodId), verb: 'GET' }))
        .result;
      return paymentTokenMethod(token ?? {}) ?? null;
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw reportPayPalError(err, 'payment-tokens.get', this.options.logger);
    }
  }

  /** Every page of the customer's tokens (PayPal pages them, 5 by default). PayPal has no default method. */
  async listPaymentMethods(providerCustomerId: string): Promise<CustomerPaymentMethods> {
    const methods = new Map<string, SavedPaymentMethod>();
    for (let page = 1; page <= MAX_LIST_PAGES; page++) {
      const query = new URLSearchParams({
        customer_id: providerCustomerId,
        page: String(page),
        page_size: String(LIST_PAGE_SIZE),
        total_required: 'true',
      });
      const response = await callPayPal(
        'payment-tokens.list',
        () => this.api.execute<Json>({ path: `${PAYMENT_TOKENS}?${query.toString()}`, verb: 'GET' }),
        this.options.logger,
      );
      const body = response.result ?? {};
      for (const token of arr(body.payment_tokens)) {
        const method = paymentTokenMethod(token, providerCustomerId);
        if (method) methods.set(method.providerPaymentMethodId, method);
      }
      const totalPages = num(body.total_pages);
      const more = totalPages !== undefined ? page < totalPages : arr(body.links).some((l) => l.rel === 'next');
      if (!more) break;
    }
    return { methods: [...methods.values()], defaultPaymentMethodId: null };
  }

  /** PayPal keeps no default method: ours is the only one. */
  async setDefaultPaymentMethod(
    _providerCustomerId: string,
    _providerPaymentMethodId: string,
    _idempotencyKey: string,
  ): Promise<void> {}

  /** A PayPal subscription is paid by the subscriber's PayPal account, not by a vaulted token. */
  async setSubscriptionPaymentMethod(
    _providerSubscriptionId: string,
    _providerPaymentMethodId: string,
    _idempotencyKey: string,
  ): Promise<void> {}

  /** `DELETE` is idempotent by nature (PayPal takes no request id for it); a token already gone is a 404. */
  async detachPaymentMethod(
    providerPaymentMethodId: string,
    _idempotencyKey: string,
  ): Promise<'detached' | 'already_gone'> {
    try {
      await this.api.execute({ path: this.tokenPath(providerPaymentMethodId), verb: 'DELETE' });
      return 'detached';
    } catch (err) {
      if (isStatus(err, 404)) return 'already_gone';
      throw reportPayPalError(err, 'payment-tokens.delete', this.options.logger);
    }
  }

  private setupPath(id: string): string {
    return `${SETUP_TOKENS}/${encodeURIComponent(id)}`;
  }

  private tokenPath(id: string): string {
    return `${PAYMENT_TOKENS}/${encodeURIComponent(id)}`;
  }
}
