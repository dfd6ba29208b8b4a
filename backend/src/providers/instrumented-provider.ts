import { ProviderError } from '../errors/provider-error';
import { WebhookVerificationError, type PaymentProvider } from './payment-provider';
import type { ProviderCall, ProviderCallFailure, ProviderCallMetrics } from './provider-call-metrics';

type CapabilityName = Exclude<keyof PaymentProvider, 'name'>;
type Method = (...args: unknown[]) => unknown;

/** Every capability of a provider: one added to PaymentProvider does not compile until listed here. */
const CAPABILITIES: Readonly<Record<CapabilityName, true>> = {
  checkout: true,
  customers: true,
  refunds: true,
  disputes: true,
  subscriptions: true,
  paymentMethods: true,
  webhooks: true,
};

/**
 * The adapter with every asynchronous capability method timed and reported as
 * `capability.method`, with the failure's kind when it rejects. Synchronous methods (`normalize`)
 * only map data, call nobody and pass through untimed, as do plain properties. Methods run on the
 * original objects, so an adapter's calls to its own methods are not counted twice, and the proxy
 * still answers `instanceof` like the adapter.
 */
export function instrumentProvider(
  adapter: PaymentProvider,
  metrics: ProviderCallMetrics,
  /** A monotonic clock in milliseconds. */
  now: () => number = () => performance.now(),
): PaymentProvider {
  const report = (call: ProviderCall) => {
    try {
      metrics.providerCall(call);
    } catch {
      // A metric must never turn the provider's answer (money moved) into a failure.
    }
  };
  const timed = (operation: string, call: () => unknown): unknown => {
    const started = now();
    const result = call();
    if (!isPromiseLike(result)) return result;
    const seconds = () => (now() - started) / 1000;
    return Promise.resolve(result).then(
      (value) => {
        report({ provider: adapter.name, operation, seconds: seconds() });
        return value;
      },
      (error: unknown) => {
        report({ provider: adapter.name, operation, seconds: seconds(), failure: failureOf(error) });
        throw error;
      },
    );
  };
  const capabilities = new Map<PropertyKey, object>(
    (Object.keys(CAPABILITIES) as CapabilityName[]).map((name) => [name, timedMethods(adapter[name], name, timed)]),
  );
  return new Proxy(adapter, {
    get: (target, property) => capabilities.get(property) ?? Reflect.get(target, property),
  });
}

/** `capability` with its methods wrapped once each (the same wrapper on every read). */
function timedMethods<T extends object>(
  capability: T,
  name: string,
  timed: (operation: string, call: () => unknown) => unknown,
): T {
  const wrappers = new WeakMap<Method, Method>();
  return new Proxy(capability, {
    get(target, property) {
      // Read from the target itself: getters and #private fields would fail on the proxy.
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = value as Method;
      let wrapper = wrappers.get(method);
      if (!wrapper) {
        const operation = `${name}.${property}`;
        wrapper = (...args: unknown[]) => timed(operation, () => method.apply(target, args));
        wrappers.set(method, wrapper);
      }
      return wrapper;
    },
  });
}

function failureOf(error: unknown): ProviderCallFailure {
  if (error instanceof ProviderError) return error.kind;
  if (error instanceof WebhookVerificationError) return 'verification_failed';
  return 'unexpected';
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
