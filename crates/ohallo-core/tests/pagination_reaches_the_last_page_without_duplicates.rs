//! Following `nextCursor` visits every conversation exactly once and stops on the last page.

mod common;

use std::collections::HashSet;

use common::*;
use ohallo_core::ConversationQuery;
use ohallo_sandbox::Config;

async fn walk_all_pages(limit: Option<u32>) -> (Vec<String>, usize) {
    let sandbox = start(Config {
        conversations: 250,
        ..Config::default()
    })
    .await;
    let client = client(&sandbox);
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut cursor = None;
    loop {
        let page = client
            .list_conversations(&ConversationQuery {
                limit,
                cursor,
                ..ConversationQuery::default()
            })
            .await
            .unwrap();
        pages += 1;
        assert!(pages <= 10, "pagination does not end");
        ids.extend(page.data.into_iter().map(|c| c.id));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    (ids, pages)
}

#[tokio::test]
async fn pages_of_100_cover_250_conversations_once() {
    let (ids, pages) = walk_all_pages(Some(100)).await;
    assert_eq!(pages, 3);
    assert_eq!(ids.len(), 250);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        250,
        "no duplicates"
    );
}

#[tokio::test]
async fn the_default_page_size_also_reaches_the_end() {
    let (ids, pages) = walk_all_pages(None).await;
    assert_eq!(pages, 5, "the default page size is 50");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 250);
}
