//! Caps on what clients can make the sandbox keep. Whoever can reach its port (any local user,
//! for a start) must not be able to grow its memory without bound: the in-app demo runs it
//! inside the desktop app for as long as the app is open. Each cap is far above what a test,
//! a benchmark or a day of demo simulation needs, and reaching one answers a clear error (or,
//! for the replies log, forgets the oldest) instead of failing somewhere else later.

/// The largest request body, in bytes; beyond it, 413. oHallo's own limit is not documented;
/// clients truncate message bodies they read at 256 KiB, and tests prove that by pushing
/// 1 MiB messages through `/_sandbox/inbound`, so the cap leaves room for that plus its JSON.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// `GET /_sandbox/replies` keeps the newest this many replies. Tests read back a handful; a
/// soak sends a few hundred.
pub const MAX_RECORDED_REPLIES: usize = 10_000;

/// ... and at most this much of their text, since each reply may be up to [`MAX_BODY_BYTES`].
pub const MAX_RECORDED_REPLY_BYTES: usize = 64 * 1024 * 1024;

/// Conversations created at run time (by `/_sandbox/inbound` or the simulation), on top of the
/// generated ones; beyond it creating one answers 429. The simulation starts one every eighth
/// tick, so the demo (one tick in 40 s) reaches this after about a month.
pub const MAX_CREATED_CONVERSATIONS: usize = 10_000;

/// Attention items raised at run time through `/_sandbox/attention`; beyond it, 429.
pub const MAX_RAISED_ATTENTION: usize = 10_000;

/// Text added at run time (messages, replies, notes, contact names, attention reasons), each
/// counted with [`ITEM_OVERHEAD_BYTES`]; beyond it whatever would add more answers 429. Tests
/// push a few dozen MiB at most (18 one-MiB messages prove the client's thread size limit);
/// the demo's simulation adds about half a MiB a day.
pub const MAX_ADDED_BYTES: usize = 256 * 1024 * 1024;

/// What one stored message or item costs besides its text (ids, timestamps, bookkeeping), so
/// a flood of empty-ish messages counts against [`MAX_ADDED_BYTES`] too.
pub const ITEM_OVERHEAD_BYTES: usize = 128;

/// Keys minted through `/_sandbox/keys` (revoked ones still count: they stay known, to answer
/// "revoked"); beyond it, 429. Test suites mint a few per test.
pub const MAX_MINTED_KEYS: usize = 1_000;

/// Fault rules queued at once through `/_sandbox/faults`; beyond it, 429 until they are used up
/// or cleared. A soak queues one at a time.
pub const MAX_FAULT_RULES: usize = 1_000;

/// The longest `pathPrefix` of a fault rule, in bytes; a longer one matches no path anyway.
pub const MAX_FAULT_PATH_PREFIX: usize = 1024;
