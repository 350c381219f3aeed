//! The conversation list is virtual: a 10,000-conversation inbox keeps only the rows near the
//! view in the DOM, End reaches the last conversation, and the keyboard selection survives a
//! sync that moves rows.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::{json, Value};

const CONVERSATIONS: u64 = 10_000;
/// The most rows the list may hold in the DOM at any time (a screen and its margins is ~30).
const ROW_BOUND: u64 = 100;
/// How long End may take to page through all 10,000 conversations.
const END_LIMIT: Duration = Duration::from_secs(90);

async fn row_count(app: &AppWindow) -> u64 {
    app.eval("return document.querySelectorAll('#conversation-list > li').length;")
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

/// The row aria-activedescendant names, as the list shows it, or null when it names nothing.
const SELECTED: &str = "
    const list = document.getElementById('conversation-list');
    const ref = list.getAttribute('aria-activedescendant');
    const row = ref ? document.getElementById(ref) : null;
    if (!row || row.parentElement !== list) return null;
    const view = document.getElementById('list-scroller').getBoundingClientRect();
    const box = row.getBoundingClientRect();
    return {
        id: row.dataset.id,
        pos: Number(row.getAttribute('aria-posinset')),
        size: Number(row.getAttribute('aria-setsize')),
        selected: row.getAttribute('aria-selected'),
        inView: box.height > 0 && box.top >= view.top - 1 && box.bottom <= view.bottom + 1,
    };";

async fn selected(app: &AppWindow) -> Value {
    app.eval(SELECTED).await.unwrap()
}

/// The id of the rendered row at this aria-posinset.
async fn id_at(app: &AppWindow, pos: u64) -> String {
    let script = format!(
        "const row = document.querySelector('#conversation-list > li[aria-posinset=\"{pos}\"]'); \
         return row ? row.dataset.id : null;"
    );
    app.eval(&script)
        .await
        .unwrap()
        .as_str()
        .unwrap_or_else(|| panic!("no row at position {pos} is rendered"))
        .to_owned()
}

/// The resident memory of this world's web content process (WebKitGTK draws the window's page
/// in a process of its own), in KiB: the one whose HOME is the world's. For the report only.
fn web_process_rss_kib(world: &World) -> Option<u64> {
    let home = format!("HOME={}", world.home().display());
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let dir = entry.path();
            let comm = std::fs::read_to_string(dir.join("comm")).ok()?;
            if !comm.starts_with("WebKitWebProces") {
                return None;
            }
            let environ = std::fs::read(dir.join("environ")).ok()?;
            if !environ.split(|&b| b == 0).any(|var| var == home.as_bytes()) {
                return None;
            }
            let status = std::fs::read_to_string(dir.join("status")).ok()?;
            let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
}

/// A script that is true once the list shows rows from its top, each of this status group.
fn all_rendered_are(group: &str) -> String {
    format!(
        "const rows = [...document.querySelectorAll('#conversation-list > li')]; \
         return rows.length > 0 && rows[0].getAttribute('aria-posinset') === '1' \
           && document.getElementById('list-state').hidden \
           && rows.every((row) => row.querySelector('.chip.status-{group}') !== null);"
    )
}

async fn press(app: &AppWindow, key: Key) {
    app.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&key)
        .await
        .unwrap();
}

/// Waits until the selected row is at `pos`, shown and in view, and answers it.
async fn wait_selected_at(app: &AppWindow, pos: u64) -> Value {
    app.wait_until_script(&format!(
        "const s = (() => {{ {SELECTED} }})(); \
         return s !== null && s.pos === {pos} && s.selected === 'true' && s.inView;"
    ))
    .await
    .unwrap_or_else(|error| panic!("the selection never showed at {pos}: {error}"));
    selected(app).await
}

#[tokio::test]
async fn end_reaches_the_last_of_10000_conversations_with_few_rows_and_the_selection_survives_a_sync(
) {
    let mut options = WorldOptions::polling_every(2);
    options.sandbox.conversations = CONVERSATIONS as usize;
    let (world, app) = World::signed_in(options).await.unwrap();
    app.wait_until_script(
        "return document.querySelectorAll('#conversation-list > li').length > 0;",
    )
    .await
    .unwrap();
    // Counts the rows after every change to the list, so the bound holds between samples too.
    app.eval(
        "const list = document.getElementById('conversation-list'); \
         window.mostRows = list.children.length; \
         new MutationObserver(() => { window.mostRows = Math.max(window.mostRows, list.children.length); }) \
           .observe(list, { childList: true }); \
         list.focus(); return true;",
    )
    .await
    .unwrap();

    // Arrows move the selection down from the first row; it reads as the third of an unknown
    // number while further pages exist.
    press(&app, Key::Home).await;
    wait_selected_at(&app, 1).await;
    press(&app, Key::Down).await;
    press(&app, Key::Down).await;
    let third = wait_selected_at(&app, 3).await;
    assert_eq!(
        third["size"],
        json!(-1),
        "the set's size is unknown: {third}"
    );
    // A page down moves a screenful less one, and a page up comes back.
    press(&app, Key::PageDown).await;
    let rows_in_view = app
        .eval(
            "const s = document.getElementById('list-scroller'); \
             return Math.max(1, Math.floor(s.clientHeight / document.querySelector('#conversation-list > li').offsetHeight) - 1);",
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap();
    wait_selected_at(&app, 3 + rows_in_view).await;
    press(&app, Key::PageUp).await;
    wait_selected_at(&app, 3).await;

    // End pages through every conversation; the DOM never holds more than a screenful or so.
    let rss_before = web_process_rss_kib(&world);
    let started = Instant::now();
    press(&app, Key::End).await;
    let mut samples = 0;
    let last = loop {
        let count = row_count(&app).await;
        assert!(
            count <= ROW_BOUND,
            "{count} rows in the DOM while paging to the end"
        );
        samples += 1;
        let now = selected(&app).await;
        if now["pos"] == json!(CONVERSATIONS) && now["size"] == json!(CONVERSATIONS) {
            break now;
        }
        assert!(
            started.elapsed() < END_LIMIT,
            "End did not reach the last conversation in {END_LIMIT:?}; selected: {now}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let took = started.elapsed();
    app.wait_until_script(&format!(
        "const s = (() => {{ {SELECTED} }})(); return s !== null && s.pos === {CONVERSATIONS} && s.inView;"
    ))
    .await
    .unwrap();
    assert_eq!(last["selected"], json!("true"));
    let at_end = row_count(&app).await;
    let most = app.eval("return window.mostRows;").await.unwrap();
    println!(
        "web content process RSS: {rss_before:?} KiB before End, {:?} KiB at the 10,000th",
        web_process_rss_kib(&world)
    );
    println!(
        "End: the 10,000th conversation shown after {took:?} ({samples} samples); \
         {at_end} rows in the DOM at the end, at most {most} on the way"
    );
    assert!(most.as_u64().unwrap() <= ROW_BOUND, "at most {most} rows");
    let last_row = app
        .eval(
            "const rows = document.querySelectorAll('#conversation-list > li'); \
             const row = rows[rows.length - 1]; \
             const list = document.getElementById('conversation-list'); \
             return { pos: row.getAttribute('aria-posinset'), size: row.getAttribute('aria-setsize'), \
                      loading: document.getElementById('list-state').textContent, \
                      bottom: list.offsetTop + list.offsetHeight, rowBottom: row.offsetTop + row.offsetHeight };",
        )
        .await
        .unwrap();
    assert_eq!(last_row["pos"], json!("10000"), "{last_row}");
    assert_eq!(last_row["size"], json!("10000"), "{last_row}");
    assert_eq!(
        last_row["bottom"], last_row["rowBottom"],
        "the last row ends the list: {last_row}"
    );
    world.screenshot("virtual-list-end");

    // An arrow from the end moves up one, to a row that is shown.
    press(&app, Key::Up).await;
    wait_selected_at(&app, CONVERSATIONS - 1).await;

    // The rows are a pool: jumping through all 10,000 conversations shows hundreds of different
    // rows in the same few elements (building new ones for every row that scrolled in grew the
    // web process by hundreds of MiB on a walk to the top).
    let pool = app
        .eval_async(
            "const list = document.getElementById('conversation-list'); \
             const scroller = document.getElementById('list-scroller'); \
             const elements = new Set(list.children); \
             const shown = new Set(); \
             const observer = new MutationObserver((records) => { \
               for (const record of records) for (const node of record.addedNodes) elements.add(node); }); \
             observer.observe(list, { childList: true }); \
             let jump = 0; \
             const step = () => { \
               for (const row of list.children) shown.add(row.getAttribute('aria-posinset')); \
               if (jump === 50) { observer.disconnect(); done({ elements: elements.size, shown: shown.size }); return; } \
               jump += 1; \
               scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * (1 - jump / 50); \
               requestAnimationFrame(() => requestAnimationFrame(step)); \
             }; \
             step();",
        )
        .await
        .unwrap();
    println!("50 jumps through the list: {pool}");
    assert!(
        pool["shown"].as_u64().unwrap() >= 500,
        "the jumps showed rows all through the list: {pool}"
    );
    assert!(
        pool["elements"].as_u64().unwrap() <= ROW_BOUND,
        "the rows are a pool of elements, not new ones each time: {pool}"
    );

    // Only rows near the view keep their data: back in the middle of the list, the rows there
    // hold their places blank (aria-busy) until their page is asked for again, then show their
    // conversations.
    let refilled = app
        .eval_async(
            "const list = document.getElementById('conversation-list'); \
             const scroller = document.getElementById('list-scroller'); \
             let busy = 0; \
             const observer = new MutationObserver((records) => { \
               for (const r of records) if (r.target.getAttribute('aria-busy') === 'true') busy += 1; }); \
             observer.observe(list, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] }); \
             scroller.scrollTop = list.offsetTop + 5000 * list.firstElementChild.offsetHeight; \
             const started = performance.now(); \
             const check = () => { \
               const row = list.querySelector('li[aria-posinset=\"5001\"]'); \
               const name = row?.querySelector('.conversation-name')?.textContent ?? ''; \
               const whole = row && !row.hasAttribute('aria-busy') && name !== ''; \
               if (whole || performance.now() - started > 20000) { \
                 observer.disconnect(); \
                 done({ busy, name, id: row?.dataset.id ?? null, \
                        waiting: list.querySelectorAll('li[aria-busy]').length }); \
               } else setTimeout(check, 20); \
             }; \
             check();",
        )
        .await
        .unwrap();
    println!("back in the middle of the list: {refilled}");
    assert!(
        refilled["busy"].as_u64().unwrap() > 0,
        "the rows far from the view had let their data go: {refilled}"
    );
    assert_ne!(refilled["name"], json!(""), "{refilled}");
    assert_eq!(
        refilled["waiting"],
        json!(0),
        "every row in view got its data back: {refilled}"
    );

    // What the data of loaded rows weighs, for the report: one page as the window receives it.
    let page = app
        .eval_async(
            "window.__TAURI_INTERNALS__.invoke('list_conversations', \
               { query: { status: null, q: '', workspaceId: null, cursor: null, limit: 50 } }) \
             .then((p) => { \
               const fields = {}; \
               for (const row of p.data) for (const [k, v] of Object.entries(row)) \
                 fields[k] = (fields[k] ?? 0) + JSON.stringify(v).length; \
               done({ rows: p.data.length, bytes: JSON.stringify(p.data).length, fields }); \
             }, (e) => done(String(e)));",
        )
        .await
        .unwrap();
    println!("one page as the window receives it: {page}");

    // Home goes back to the top; a customer writes into a conversation further down, which the
    // next sync moves to the top: the selected conversation stays selected, one row lower.
    press(&app, Key::Home).await;
    wait_selected_at(&app, 1).await;
    press(&app, Key::Down).await;
    let above = wait_selected_at(&app, 2).await;
    press(&app, Key::Down).await;
    let chosen = wait_selected_at(&app, 3).await;
    let mover = id_at(&app, 12).await;
    // Rows whose data does not change keep their nodes through the sync.
    app.eval(&format!(
        "document.getElementById('conversation-' + {:?}).keptNode = true; return true;",
        chosen["id"].as_str().unwrap()
    ))
    .await
    .unwrap();
    world
        .control
        .inbound(
            &Inbound::new("Any news on my order?")
                // The window names it by its account too; the sandbox by the server's id.
                .in_conversation(mover.strip_prefix("main|").unwrap_or(&mover)),
        )
        .await
        .unwrap();
    app.wait_until_script(&format!(
        "const s = (() => {{ {SELECTED} }})(); \
         const top = document.querySelector('#conversation-list > li[aria-posinset=\"1\"]'); \
         return top !== null && top.dataset.id === {mover:?} && s !== null && s.id === {:?} \
           && s.pos === 4 && s.selected === 'true' && s.inView;",
        chosen["id"].as_str().unwrap()
    ))
    .await
    .unwrap();
    assert!(row_count(&app).await <= ROW_BOUND);
    let kept = app
        .eval(&format!(
            "return document.getElementById('conversation-' + {:?}).keptNode === true;",
            chosen["id"].as_str().unwrap()
        ))
        .await
        .unwrap();
    assert_eq!(
        kept,
        json!(true),
        "the unchanged selected row kept its node"
    );

    // The arrows read the new order: up from the selection is the row that was above it.
    press(&app, Key::Up).await;
    let up = wait_selected_at(&app, 3).await;
    assert_eq!(
        up["id"], above["id"],
        "up from the selection after the sync"
    );
    press(&app, Key::Up).await;
    press(&app, Key::Up).await;
    let top = wait_selected_at(&app, 1).await;
    assert_eq!(
        top["id"],
        json!(mover),
        "the conversation with news is first"
    );
    // A further sync changes nothing the selection depends on.
    world
        .wait_for_polls(1, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(selected(&app).await["id"], json!(mover));

    // A reader scrolled far down stays at the rows they read when a new conversation arrives
    // on top and pushes every row down one.
    app.eval(
        "const s = document.getElementById('list-scroller'); \
         const height = document.querySelector('#conversation-list > li').offsetHeight; \
         s.scrollTop = 200 * height + 30; return true;",
    )
    .await
    .unwrap();
    app.wait_until_script(
        "return document.querySelector('#conversation-list > li[aria-posinset=\"201\"]') !== null;",
    )
    .await
    .unwrap();
    let read =
        "const row = document.querySelector('#conversation-list > li[aria-posinset=\"201\"]'); \
                return { id: row.dataset.id, top: row.getBoundingClientRect().top };";
    let before = app.eval(read).await.unwrap();
    world
        .control
        .inbound(&Inbound::new("Hello, I am new here.").from_contact("Nadia Newcomer"))
        .await
        .unwrap();
    app.wait_until_script(&format!(
        "const list = document.getElementById('conversation-list'); \
         return Math.round(list.offsetHeight / list.firstElementChild.offsetHeight) === {};",
        CONVERSATIONS + 1
    ))
    .await
    .unwrap();
    let after = app
        .eval(&format!(
            "const row = document.getElementById('conversation-' + {:?}); \
             return {{ pos: row.getAttribute('aria-posinset'), top: row.getBoundingClientRect().top }};",
            before["id"].as_str().unwrap()
        ))
        .await
        .unwrap();
    assert_eq!(after["pos"], json!("202"), "{before} → {after}");
    let moved = (after["top"].as_f64().unwrap() - before["top"].as_f64().unwrap()).abs();
    assert!(
        moved < 1.0,
        "the row read moved by {moved} px: {before} → {after}"
    );
    let still = selected(&app).await;
    assert_eq!(still["id"], json!(mover), "{still}");
    assert_eq!(still["pos"], json!(2), "{still}");
    assert_eq!(still["selected"], json!("true"), "{still}");

    // A filter switch starts the list over at its top, and a page still coming for the filter
    // before is left out: End starts paging through Resolved, Open is chosen at once.
    app.eval("document.getElementById('tab-resolved').click(); return true;")
        .await
        .unwrap();
    app.wait_until_script(&all_rendered_are("resolved"))
        .await
        .unwrap();
    app.eval("document.getElementById('conversation-list').focus(); return true;")
        .await
        .unwrap();
    press(&app, Key::End).await;
    app.eval("document.getElementById('tab-open').click(); return true;")
        .await
        .unwrap();
    app.wait_until_script(&all_rendered_are("open"))
        .await
        .unwrap();
    // A sync later, any page asked for before the switch has long been answered.
    world
        .wait_for_polls(1, Duration::from_secs(30))
        .await
        .unwrap();
    let first_page = app
        .eval_async(
            "window.__TAURI_INTERNALS__.invoke('list_conversations', \
               { query: { status: 'open', q: '', workspaceId: null, cursor: null, limit: 50 } }) \
             .then((p) => done(p.data.length), (e) => done(String(e)));",
        )
        .await
        .unwrap();
    let open = app
        .eval(
            "const s = document.getElementById('list-scroller'); \
             const list = document.getElementById('conversation-list'); \
             return { top: s.scrollTop, loaded: Math.round(list.offsetHeight / list.firstElementChild.offsetHeight) };",
        )
        .await
        .unwrap();
    assert_eq!(open["top"], json!(0), "{open}");
    assert_eq!(
        open["loaded"], first_page,
        "only Open's first page is in the list: {open}"
    );
    app.wait_until_script(&all_rendered_are("open"))
        .await
        .unwrap();
    let most = app.eval("return window.mostRows;").await.unwrap();
    assert!(most.as_u64().unwrap() <= ROW_BOUND, "at most {most} rows");
    app.close().await.unwrap();
}
