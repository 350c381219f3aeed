//! Hostile text in the real window: an XSS corpus sent through the sandbox as contact names and
//! message bodies. Every payload that could run sets `window.__xss`; none may, and every one must
//! be shown as the literal text it is.

mod corpus;

use std::time::Duration;

use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::json;

#[tokio::test]
async fn no_payload_in_names_bodies_or_notifications_runs_breaks_the_layout_or_loses_its_text() {
    let payloads = corpus::payloads();
    assert!(payloads.len() >= 150, "{} payloads", payloads.len());
    let mut options = WorldOptions::polling_every(1);
    options.sandbox.conversations = 0;
    let world = World::start(options).await.unwrap();

    // One thread holding every payload as a message, and one conversation per payload as a name.
    let thread = world
        .control
        .inbound(&Inbound::new("start").from_contact("Corpus Thread"))
        .await
        .unwrap();
    for payload in &payloads {
        world
            .control
            .inbound(&Inbound::new(payload.as_str()).in_conversation(&thread.conversation_id))
            .await
            .unwrap();
    }
    for payload in &payloads {
        world
            .control
            .inbound(&Inbound::new("hi").from_contact(payload.as_str()))
            .await
            .unwrap();
    }

    let app = world.launch_app().await.unwrap();
    app.sign_in(world.sandbox.key()).await.unwrap();
    app.region("Conversations").await.unwrap();

    // Every name, page after page, as literal text.
    let expected_rows = payloads.len() + 1;
    let mut rows = serde_json::Value::Null;
    for _ in 0..60 {
        rows = app
            // The list is virtual: as tall as the rows it has loaded, few of them in the DOM.
            .eval("const s = document.getElementById('list-scroller'); s.scrollTop = s.scrollHeight; \
                   const list = document.getElementById('conversation-list'); const row = list.firstElementChild; \
                   return row ? Math.round(list.offsetHeight / row.offsetHeight) : 0;")
            .await
            .unwrap();
        if rows.as_u64() == Some(expected_rows as u64) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(
        rows.as_u64(),
        Some(expected_rows as u64),
        "the list never loaded every row within 15 s"
    );
    let names: Vec<String> = serde_json::from_value(
        // Read from the top down, a screen at a time, each row's name at its position.
        app.eval_async(
            "const s = document.getElementById('list-scroller'); const names = new Map(); s.scrollTop = 0; \
             const step = () => { \
               for (const li of document.querySelectorAll('#conversation-list > li')) \
                 names.set(li.getAttribute('aria-posinset'), li.querySelector('.conversation-name').textContent); \
               if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) return done([...names.values()]); \
               s.scrollTop += s.clientHeight / 2; setTimeout(step, 50); \
             }; \
             setTimeout(step, 50);",
        )
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(names.len(), expected_rows, "a row's name was never read");
    let missing_names: Vec<String> = payloads
        .iter()
        .map(|p| as_label(p))
        .filter(|p| !names.contains(p))
        .collect();
    assert!(
        missing_names.is_empty(),
        "names not shown literally (marks capped, long ones cut): {missing_names:?}"
    );

    // The thread: every body literal, in order, each within the pane.
    app.open_conversation("Corpus Thread").await.unwrap();
    // Long threads show their newest page first; a reader asks for the earlier ones.
    app.wait_until_script(&format!(
        "const earlier = document.querySelector('#messages > li.earlier button'); if (earlier) earlier.click(); \
         return !earlier && document.querySelectorAll('#messages > li.message').length === {};",
        payloads.len() + 1
    ))
    .await
    .unwrap();
    let bodies: Vec<String> = serde_json::from_value(
        app.eval("return [...document.querySelectorAll('#messages .message-body')].map((b) => b.textContent);")
            .await
            .unwrap(),
    )
    .unwrap();
    let expected: Vec<String> = payloads.iter().map(|p| capped_marks(p)).collect();
    assert_eq!(
        &bodies[1..],
        expected.as_slice(),
        "bodies shown as literal text (stacked combining marks capped), in order"
    );
    let overflowing = app
        .eval("const pane = document.getElementById('messages').getBoundingClientRect(); return [...document.querySelectorAll('#messages > li')].filter((li) => { const r = li.getBoundingClientRect(); return r.left < pane.left - 1 || r.right > pane.right + 1; }).length;")
        .await
        .unwrap();
    assert_eq!(
        overflowing,
        json!(0),
        "no payload pushes a message out of the pane"
    );
    let element_count = app
        .eval("return document.querySelectorAll('#messages script, #messages img, #messages svg, #messages iframe, #messages math, #messages style, #messages object, #messages embed, #messages form, #messages input').length;")
        .await
        .unwrap();
    assert_eq!(
        element_count,
        json!(0),
        "no markup from a payload became an element"
    );
    // Kept for a person to look at; the assertions above are what decide.
    app.eval("const m = document.querySelectorAll('#messages > li'); m[m.length - 40].scrollIntoView(); return null;")
        .await
        .unwrap();
    world.screenshot("xss-corpus-thread");

    // Notifications: each payload that arrives while the app runs is escaped for markup.
    let sample: Vec<&String> = payloads
        .iter()
        .filter(|p| p.contains('<'))
        .take(5)
        .collect();
    for (n, payload) in sample.iter().enumerate() {
        world
            .control
            .inbound(&Inbound::new(payload.as_str()).from_contact(format!("Sample {n}")))
            .await
            .unwrap();
        let shown = world
            .notifications
            .wait_for(n + 1, Duration::from_secs(10))
            .await
            .unwrap();
        let body = &shown[n].body;
        assert!(
            !body.contains('<') && !body.contains('>'),
            "escaped: {body}"
        );
    }

    let executed = app
        .eval("return window.__xss === undefined ? 0 : 1;")
        .await
        .unwrap();
    assert_eq!(executed, json!(0), "a payload ran");
    println!(
        "xss corpus: {} payloads as names and bodies, {} notifications checked, 0 executed, 0 shown altered",
        payloads.len(),
        sample.len()
    );
    app.close().await.unwrap();
}

/// The window keeps at most four combining marks after a base character (ui/text.js); the
/// corpus's marks are all in the Combining Diacritical Marks block.
fn capped_marks(text: &str) -> String {
    let mut run = 0;
    text.chars()
        .filter(|c| {
            run = if ('\u{0300}'..='\u{036F}').contains(c) {
                run + 1
            } else {
                0
            };
            run <= 4
        })
        .collect()
}

/// How a one-line text such as a name is shown (ui/text.js `label`): the first 1,001 UTF-16
/// units, marks capped, then cut to 200 units with an ellipsis when anything was left out.
fn as_label(text: &str) -> String {
    const MAX_LABEL_UNITS: usize = 200;
    let units: Vec<u16> = text.encode_utf16().collect();
    let prefix = String::from_utf16_lossy(&units[..cut_at(&units, MAX_LABEL_UNITS * 5 + 1)]);
    let capped: Vec<u16> = capped_marks(&prefix).encode_utf16().collect();
    if capped.len() > MAX_LABEL_UNITS {
        return String::from_utf16_lossy(&capped[..cut_at(&capped, MAX_LABEL_UNITS)]) + "…";
    }
    let capped = String::from_utf16_lossy(&capped);
    if prefix.encode_utf16().count() < units.len() {
        capped + "…"
    } else {
        capped
    }
}

/// Where to cut `units` to at most `length` without splitting a surrogate pair.
fn cut_at(units: &[u16], length: usize) -> usize {
    if units.len() <= length {
        return units.len();
    }
    if (0xD800..=0xDBFF).contains(&units[length - 1]) {
        length - 1
    } else {
        length
    }
}
