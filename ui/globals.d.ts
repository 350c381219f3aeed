// What the window's scripts use without importing it: the Tauri API that `withGlobalTauri`
// puts on `window` (only ui/ipc.js touches it). Hand-written; the payload types are generated.

interface Window {
  __TAURI__: {
    core: {
      invoke(command: string, args?: Record<string, unknown>): Promise<unknown>;
    };
    event: {
      listen<T>(event: string, handler: (event: { payload: T }) => void): Promise<() => void>;
    };
  };
}
