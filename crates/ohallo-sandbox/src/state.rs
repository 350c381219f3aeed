use crate::auth::KeyRing;
use crate::faults::Faults;
use crate::ratelimit::RateLimiter;
use crate::store::Store;
use crate::views::Render;
use std::ops::Deref;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// What every handler shares.
pub(crate) struct Shared {
    pub store: Mutex<Store>,
    pub keys: Mutex<KeyRing>,
    pub limiter: Option<Mutex<RateLimiter>>,
    pub faults: Faults,
    pub render: Render,
    pub strict_reply: bool,
    pub require_workspace: bool,
}

#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

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

/// A panic while holding a lock leaves plain in-memory data behind; serving it beats failing
/// every later request.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
