// @ts-check
import { byId } from './dom.js';
import { errorMessage } from './ipc.js';
import { t } from './i18n.js';

/// A failure the user should know of: said in a banner (`list-banner` or `thread-banner`) as
/// "<what failed>: <why>", and logged with the whole error.
/**
 * @param {string} bannerId
 * @param {string} context
 * @param {unknown} error
 */
export function showFailure(bannerId, context, error) {
  console.error(`${context}:`, error);
  showBanner(bannerId, `${context}: ${errorMessage(error)}`);
}

/// A failure with nothing for the user to do or see (the next action asks again): logged with
/// what was being done, so it is never silent.
/**
 * @param {string} context
 * @param {unknown} error
 */
export function logFailure(context, error) {
  console.error(`${context}:`, error);
}

/**
 * @param {string} bannerId
 * @param {string} text
 */
export function showBanner(bannerId, text) {
  const banner = byId(bannerId);
  banner.textContent = text;
  banner.hidden = false;
}

/** @param {string} bannerId */
export function hideBanner(bannerId) {
  byId(bannerId).hidden = true;
}

/// The sidebar's badge (live, test, demo; "live & test" for a mix), whether a key is kept only
/// until the app quits, and once at sign-in what each key cannot do.
/** @param {import('./types.js').SessionInfo} session */
export function showAccount(session) {
  const accounts = session.accounts;
  const kinds = new Set(accounts.map((a) => (a.demo ? 'demo' : a.environment)));
  const kind = kinds.size === 1 ? [...kinds][0] : 'mixed';
  const badge = byId('environment-badge');
  badge.textContent = t(`account.${kind}`);
  badge.dataset.kind = kind;
  byId('key-in-memory').hidden = !accounts.some((a) => a.keyInMemory);
  const several = accounts.length > 1;
  const missing = accounts.flatMap((a) => a.missingScopes.map((m) => `${several ? `${a.name}: ` : ''}${m.scope} (${m.effect})`));
  const notice = byId('scope-notice');
  notice.hidden = missing.length === 0;
  notice.textContent = missing.length === 0 ? '' : t(several ? 'account.missingScopesSeveral' : 'account.missingScopes', { scopes: missing.join('; ') });
}

/// The list's banner tells of an outage until the server answers again.
/** @param {import('./types.js').ConnectionState} state */
export function showConnection(state) {
  const banner = byId('list-banner');
  banner.hidden = state?.online !== false;
  banner.textContent = state?.online === false ? t('connection.offline', { reason: state.reason ?? t('connection.unreachable') }) : '';
}
