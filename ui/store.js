// @ts-check
// The window's view state in one place. Modules change it with `set` and redraw from it in a
// subscriber, so no module has to know which others care about a change. No DOM here.

/**
 * @template S
 * @typedef {object} Store
 * @property {() => S} get
 * @property {(patch: Partial<S> | ((state: S) => Partial<S>)) => void} set
 * @property {(listener: (state: S, previous: S) => void) => () => void} subscribe
 */

/**
 * @template {object} S
 * @param {S} initial
 * @returns {Store<S>}
 */
export function createStore(initial) {
  let state = /** @type {S} */ (Object.freeze({ .../** @type {object} */ (initial) }));
  /** @type {Set<(state: S, previous: S) => void>} */
  const listeners = new Set();
  return {
    get: () => state,
    set(patch) {
      const previous = state;
      const change = typeof patch === 'function' ? patch(state) : patch;
      // A change that changes nothing wakes no one: subscribers may start loads.
      const keys = /** @type {(keyof S)[]} */ (Object.keys(change));
      if (keys.every((key) => Object.is(change[key], previous[key]))) return;
      state = Object.freeze({ ...previous, ...change });
      for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
