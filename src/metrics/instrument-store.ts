import type { Store } from '../store/store.js';
import { recordStoreCall } from './metrics.js';

/** Calls not timed: subscriptions live for minutes, and close is not a request. */
const UNTIMED = new Set<string | symbol>(['subscribe', 'close', 'constructor']);

/**
 * The same store, with every call's latency and failures recorded in the metrics
 * (`lockcare_store_call_duration_seconds`, `lockcare_store_errors_total`). A Proxy rather than
 * a list of methods, so store methods added later are measured too.
 */
export function instrumentStore<T extends Store>(store: T): T {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || UNTIMED.has(property) || typeof property !== 'string') return value;
      const method = value as (...args: unknown[]) => unknown;
      return function timed(this: unknown, ...args: unknown[]) {
        const started = performance.now();
        const done = (failed: boolean) => recordStoreCall(property, (performance.now() - started) / 1000, failed);
        let result: unknown;
        try {
          result = method.apply(target, args);
        } catch (error) {
          done(true);
          throw error;
        }
        if (result instanceof Promise) {
          return result.then(
            (resolved: unknown) => {
              done(false);
              return resolved;
            },
            (error: unknown) => {
              done(true);
              throw error;
            },
          );
        }
        done(false);
        return result;
      };
    },
  });
}
