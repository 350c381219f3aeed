//! A large account: 10,000 conversations scrolled from the first to the last, and a 5,000-message
//! thread.

use std::path::Path;
use std::time::Duration;

use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use ohallo_sandbox::Config;
use serde_json::json;

use crate::error::BenchError;
use crate::procs::{Footprint, Memory, Role};
use crate::report::quantile;
use crate::startup::INBOX_READY;
use crate::window;

pub const CONVERSATIONS: usize = 10_000;
pub const THREAD_LENGTH: usize = 5_000;
const LONG_THREAD_CONTACT: &str = "Theo Thousands";

pub struct Scale {
    /// Median, switching status tabs back to "All".
    pub first_page_ms: f64,
    /// From scrolling to the end of the list to the next page's rows in it, one figure a page.
    pub page_ms: Vec<f64>,
    pub at_first_page: Footprint,
    pub after_scroll: Footprint,
    /// Main-thread work of each frame while the list is scrolled a screen a frame (see FRAME_WORK).
    pub frame_work_ms: Vec<f64>,
    pub thread_ms: f64,
    pub thread_rendered: u64,
    pub before_thread: Memory,
    pub after_thread: Memory,
    /// MiB the web process keeps after TEXT_FLOOR.
    pub text_floor_mib: f64,
}

/// Switches to another tab and back to the first ("All"), and times the switch back until a
/// fresh first page is in the list. The list reuses its row elements, so a fresh page is told
/// by the list having been emptied (a new filter starts it over) and filled again. Measured
/// inside the page, so WebDriver's round trips are not in the figure.
const FIRST_PAGE: &str = r#"
const list = document.getElementById('conversation-list');
const rows = () => list.querySelectorAll(':scope > li');
// The list is virtual: as tall as the rows it has loaded, only those near the view in the DOM.
const loaded = () => { const row = list.firstElementChild; return row ? Math.round(list.offsetHeight / row.offsetHeight) : 0; };
let emptied = false;
const observer = new MutationObserver((records) => { if (records.some((r) => r.removedNodes.length > 0)) emptied = true; });
observer.observe(list, { childList: true });
const tabs = document.querySelectorAll('#status-tabs [role=tab]');
const fresh = () => emptied && rows().length > 0 && loaded() >= 50;
const timeAll = () => {
  emptied = false;
  const started = performance.now();
  tabs[0].click();
  const check = () => { if (fresh()) { observer.disconnect(); done(performance.now() - started); } else setTimeout(check, 2); };
  check();
};
const settle = () => fresh() ? timeAll() : setTimeout(settle, 10);
tabs[1].click();
setTimeout(settle, 10);
"#;

/// Scrolls to the end of the list and waits for the next page (or 10 s); answers [the row count
/// (the virtual list's height in rows: only the rows near the view are in the DOM), ms].
const NEXT_PAGE: &str = r#"
const count = () => { const list = document.getElementById('conversation-list'); const row = list.firstElementChild; return row ? Math.round(list.offsetHeight / row.offsetHeight) : 0; };
const before = count();
const scroller = document.getElementById('list-scroller');
scroller.scrollTop = scroller.scrollHeight;
const started = performance.now();
const check = () => (count() > before || performance.now() - started > 10000) ? done([count(), performance.now() - started]) : setTimeout(check, 5);
check();
"#;

/// Scrolls the list up by one screen a frame, up to 100 frames or the top (a batch WebDriver's
/// 30 s script limit fits even on a loaded machine), and answers each
/// frame's main-thread work in ms: from the scroll event's dispatch (a capturing listener on the
/// document runs first) through the list's own handler (which renders the rows for the new
/// position) to the layout that follows, forced by a listener registered after the list's.
/// Painting is not in the figure; WebDriver has no way to time it.
const FRAME_WORK: &str = r#"
const scroller = document.getElementById('list-scroller');
const list = document.getElementById('conversation-list');
const works = [];
let started = 0;
const before = () => { started = performance.now(); };
const after = () => { void list.offsetHeight; void list.lastElementChild?.getBoundingClientRect(); works.push(performance.now() - started); };
document.addEventListener('scroll', before, { capture: true, passive: true });
scroller.addEventListener('scroll', after, { passive: true });
const finish = () => {
  document.removeEventListener('scroll', before, { capture: true });
  scroller.removeEventListener('scroll', after);
  done(works);
};
let frames = 0;
const step = () => {
  if (scroller.scrollTop <= 0 || frames >= 100) return finish();
  frames += 1;
  scroller.scrollTop = Math.max(0, scroller.scrollTop - scroller.clientHeight);
  requestAnimationFrame(() => requestAnimationFrame(step));
};
step();
"#;

/// WebKit's own share, with no list: a name and a preview for each of 10,000 conversations set
/// in turn into one element and laid out. WebKit keeps something of every distinct string it has
/// drawn (measured: about 1 KiB, collected or not), so the list's growth is read beside this.
const TEXT_FLOOR: &str = r#"
const cell = document.createElement('div');
cell.className = 'conversation-preview';
document.body.append(cell);
(async () => {
  for (let n = 0; n < COUNT; n++) {
    cell.textContent = `Floor Contact ${n}`;
    void cell.offsetWidth;
    cell.textContent = `Floor preview ${n}: is there any news about order ${(n * 7919) % 100000}?`;
    void cell.offsetWidth;
    if (n % 500 === 0) await new Promise((next) => requestAnimationFrame(next));
  }
  cell.remove();
  done(COUNT);
})();
"#;

/// Opens the long thread from the list and times it until its newest message is on screen;
/// answers [milliseconds, messages rendered]. `contact` and `last` are JSON string literals.
/// Its row is near the top: the list scrolls back there first (only rows near the view exist).
const OPEN_THREAD: &str = r#"
const [contact, last] = [CONTACT, LAST];
document.getElementById('list-scroller').scrollTop = 0;
const find = () => [...document.querySelectorAll('#conversation-list > li')].find((li) => li.textContent.includes(contact));
let started = 0;
const open = () => {
  const row = find();
  if (!row) return setTimeout(open, 5);
  started = performance.now();
  row.click();
  check();
};
const check = () => {
  const bodies = document.querySelectorAll('#messages > li.message .message-body');
  if (bodies.length && bodies[bodies.length - 1].textContent === last) {
    done([performance.now() - started, bodies.length]);
  } else {
    setTimeout(check, 2);
  }
};
open();
"#;

pub async fn run(binary: &Path, repeats: usize) -> Result<Scale, BenchError> {
    let world = World::start(WorldOptions {
        sandbox: Config {
            conversations: CONVERSATIONS,
            ..Config::default()
        },
        app: Some(binary.into()),
        ..WorldOptions::default()
    })
    .await?;
    write_long_thread(&world).await?;
    let app = world.launch_app().await?;
    app.sign_in(world.sandbox.key()).await?;
    app.wait_until_script(INBOX_READY).await?;

    let mut first_pages = Vec::new();
    for _ in 0..repeats.max(1) {
        first_pages.push(window::page_timing(&app, FIRST_PAGE).await?);
    }

    let at_first_page = window::footprint_now(binary)?;
    let mut page_ms = Vec::new();
    let mut rows = 0;
    while rows < CONVERSATIONS as u64 {
        let value = app.eval_async(NEXT_PAGE).await?;
        let (now, ms) = match value.as_array().map(Vec::as_slice) {
            Some([count, ms]) => match (count.as_u64(), ms.as_f64()) {
                (Some(count), Some(ms)) => (count, ms),
                _ => return Err(BenchError::Page(value)),
            },
            _ => return Err(BenchError::Page(value)),
        };
        if now == rows {
            return Err(BenchError::Timeout(format!(
                "the list to grow past {rows} rows"
            )));
        }
        page_ms.push(ms);
        rows = now;
    }
    let frame_work_ms = walk_to_the_top(&app).await?;
    // Memory is read once the page has had a moment to drop what scrolling left behind; the
    // figure is what stays, not a transient.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after_scroll = window::footprint_now(binary)?;

    let before_thread = after_scroll.total;
    let open_thread = OPEN_THREAD
        .replace("CONTACT", &json!(LONG_THREAD_CONTACT).to_string())
        .replace("LAST", &json!(body(THREAD_LENGTH)).to_string());
    let opened = app.eval_async(&open_thread).await?;
    let (thread_ms, thread_rendered) = match opened.as_array().map(Vec::as_slice) {
        Some([ms, count]) => match (ms.as_f64(), count.as_u64()) {
            (Some(ms), Some(count)) => (ms, count),
            _ => return Err(BenchError::Page(opened)),
        },
        _ => return Err(BenchError::Page(opened)),
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after_thread = window::memory_now(binary)?;
    let before_text = window::footprint_now(binary)?;
    app.eval_async(&TEXT_FLOOR.replace("COUNT", &CONVERSATIONS.to_string()))
        .await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let text_floor = window::footprint_now(binary)?.role(Role::Web).pss_mib()
        - before_text.role(Role::Web).pss_mib();
    app.close().await?;
    Ok(Scale {
        first_page_ms: quantile(&first_pages, 0.5),
        page_ms,
        at_first_page,
        after_scroll,
        frame_work_ms,
        thread_ms,
        thread_rendered,
        before_thread,
        after_thread,
        text_floor_mib: text_floor,
    })
}

/// Scrolls from the last conversation back to the first, a screen a frame; answers every frame's
/// main-thread work.
async fn walk_to_the_top(app: &ohallo_e2e::AppWindow) -> Result<Vec<f64>, BenchError> {
    let mut works = Vec::new();
    // 10,000 rows are about 1,100 screens here; the bound keeps a list that never reaches its
    // top from running forever.
    for _ in 0..1000 {
        let value = app.eval_async(FRAME_WORK).await?;
        let batch: Vec<f64> = value
            .as_array()
            .ok_or_else(|| BenchError::Page(value.clone()))?
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .collect();
        if batch.is_empty() {
            return Ok(works);
        }
        works.extend(batch);
    }
    Err(BenchError::Timeout(
        "the list to scroll back to its top".into(),
    ))
}

fn body(n: usize) -> String {
    format!("Message {n} of {THREAD_LENGTH}")
}

async fn write_long_thread(world: &World) -> Result<(), BenchError> {
    let first = world
        .control
        .inbound(&Inbound::new(body(1)).from_contact(LONG_THREAD_CONTACT))
        .await?;
    for n in 2..=THREAD_LENGTH {
        let message = Inbound::new(body(n)).in_conversation(&first.conversation_id);
        world.control.inbound(&message).await?;
    }
    Ok(())
}
