use crate::auth::KeyRing;
use crate::faults::Faults;
use crate::files::Files;
use crate::ratelimit::RateLimiter;
use crate::store::Store;
use crate::views::Render;
use std::ops::Deref;
use std::sync::Arc;

use parking_lot::{Mutex, MutexGuard};

/// What every handler shares.
pub(crate) struct Shared {
    /// Reach it through [`Shared::store`].
    store: Mutex<Store>,
    pub keys: Mutex<KeyRing>,
    /// Attachments and their download grants; never locked while holding the store.
    pub files: Mutex<Files>,
    pub limiter: Option<Mutex<RateLimiter>>,
    pub faults: Faults,
    pub render: Render,
    pub strict_reply: bool,
    pub require_workspace: bool,
}

#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

impl Shared {
    pub(crate) fn new(
        store: Store,
        keys: KeyRing,
        limiter: Option<RateLimiter>,
        render: Render,
        strict_reply: bool,
        require_workspace: bool,
        files: Files,
    ) -> Shared {
        Shared {
            store: Mutex::new(store),
            keys: Mutex::new(keys),
            files: Mutex::new(files),
            limiter: limiter.map(Mutex::new),
            faults: Faults::default(),
            render,
            strict_reply,
            require_workspace,
        }
    }

    /// Locks the store after delivering the replies whose delay has passed, so every reader and
    /// writer sees them: delivery needs no timer task, and nothing awaits with the lock held.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        let mut store = self.store.lock();
        store.deliver_due();
        store
    }
}

impl AppState {
    pub(crate) fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
