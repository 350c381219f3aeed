// The one door to Rust. Errors arrive as {kind, message} from the command layer.
export async function call(command, args = {}) {
  return window.__TAURI__.core.invoke(command, args);
}

export function errorMessage(error) {
  if (error && typeof error === 'object' && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}
