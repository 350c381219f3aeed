//! Hand-written bodies in every shape oHallo's documents show, and some they should not.

use chrono::{TimeZone, Utc};
use ohallo_core::decode::{self, MAX_MESSAGE_BODY_BYTES};
use ohallo_core::{ApiError, AttentionStatus, Author, ChannelType, ConversationStatus, Speaker};

fn bad_response_detail(error: ApiError) -> String {
    match error {
        ApiError::BadResponse { detail } => detail,
        other => panic!("expected BadResponse, got {other:?}"),
    }
}

#[test]
fn quickstart_messages_decode_as_a_bare_array() {
    let body = br#"[
        {"id": "11111111-2222-3333-4444-555555555555", "direction": "inbound", "speaker": null,
         "body": "Where is order ORD-48291?", "sentAt": "2026-03-20T14:30:00Z",
         "channel": "email", "fromAddress": "jane@acme.com"},
        {"id": "66666666-7777-8888-9999-aaaaaaaaaaaa", "direction": "outbound", "speaker": null,
         "body": "It shipped on March 18th.", "sentAt": "2026-03-20T14:32:00.123Z",
         "channel": "email"}
    ]"#;
    let messages = decode::messages(body).unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].author, Author::Customer);
    assert!(messages[0].is_from_customer());
    assert_eq!(messages[0].from_address.as_deref(), Some("jane@acme.com"));
    assert_eq!(messages[0].channel.as_deref(), Some("email"));
    assert_eq!(
        messages[0].sent_at,
        Utc.with_ymd_and_hms(2026, 3, 20, 14, 30, 0).unwrap()
    );
    assert_eq!(messages[1].author, Author::Team);
    assert!(!messages[1].is_from_customer());
    assert_eq!(messages[1].from_address, None);
}

#[test]
fn reference_messages_decode_from_a_data_wrapper() {
    let body = br#"{"data": [
        {"id": "m1", "role": "customer", "content": "Hello?", "senderName": "Henrik Larsen",
         "createdAt": "2026-03-15T14:30:00.000Z"},
        {"id": "m2", "role": "agent", "content": "Hi Henrik", "senderName": "oHallo",
         "createdAt": "2026-03-15T16:30:00+02:00"},
        {"id": "m3", "role": "system", "content": "Conversation assigned", "senderName": null,
         "createdAt": "2026-03-15T14:31:00Z"}
    ]}"#;
    let messages = decode::messages(body).unwrap();
    let authors: Vec<Author> = messages.iter().map(|m| m.author).collect();
    assert_eq!(authors, [Author::Customer, Author::Team, Author::System]);
    assert_eq!(messages[0].body, "Hello?");
    assert_eq!(messages[0].sender_name.as_deref(), Some("Henrik Larsen"));
    assert_eq!(
        messages[1].sent_at,
        Utc.with_ymd_and_hms(2026, 3, 15, 14, 30, 0).unwrap(),
        "offsets are converted to UTC"
    );
    assert_eq!(messages[2].sender_name, None);
}

#[test]
fn on_a_voice_call_only_the_caller_is_the_customer() {
    let body = br#"[
        {"id": "v1", "direction": "inbound", "speaker": "ai", "body": "Hello, how can I help?",
         "sentAt": "2026-03-20T09:00:00Z", "channel": "voice"},
        {"id": "v2", "direction": "inbound", "speaker": "caller", "body": "My parcel is late.",
         "sentAt": "2026-03-20T09:00:05Z", "channel": "voice"}
    ]"#;
    let messages = decode::messages(body).unwrap();
    assert_eq!(messages[0].author, Author::Ai);
    assert_eq!(messages[0].speaker, Some(Speaker::Ai));
    assert!(!messages[0].is_from_customer());
    assert!(messages[1].is_from_customer());
    assert_eq!(messages[1].speaker, Some(Speaker::Caller));
}

#[test]
fn conversations_accept_absent_and_null_optionals_and_numeric_ids() {
    let body = br#"{"data": [
        {"id": 42, "workspaceId": "ws-1", "channelId": "ch_email", "contactId": 7,
         "status": "in_progress", "lastMessagePreview": "Hi", "lastMessageAt": "2026-03-20T14:32:00Z"},
        {"id": "c2", "workspaceId": "ws-1", "channelId": "ch_email", "contactId": "k2",
         "status": "resolved", "lastMessagePreview": "Thanks", "lastMessageAt": "2026-03-19T11:45:00.5Z",
         "contactName": null, "contactEmail": "tom@globex.com", "accountName": null,
         "humanManaged": true, "someFutureField": {"nested": [1, 2]}}
    ], "nextCursor": "eyJsYXN0SWQiOiJjMiJ9"}"#;
    let page = decode::conversations_page(body).unwrap();
    assert_eq!(page.next_cursor.as_deref(), Some("eyJsYXN0SWQiOiJjMiJ9"));
    let [first, second] = &page.data[..] else {
        panic!("two conversations expected")
    };
    assert_eq!(first.id, "42");
    assert_eq!(first.contact_id.as_deref(), Some("7"));
    assert_eq!(first.status, ConversationStatus::InProgress);
    assert_eq!(first.contact_name, None);
    assert_eq!(first.human_managed, None);
    assert_eq!(second.contact_email.as_deref(), Some("tom@globex.com"));
    assert_eq!(second.human_managed, Some(true));
}

#[test]
fn the_last_page_has_no_cursor_whether_absent_null_or_empty() {
    for body in [
        r#"{"data": []}"#,
        r#"{"data": [], "nextCursor": null}"#,
        r#"{"data": [], "nextCursor": ""}"#,
    ] {
        let page = decode::conversations_page(body.as_bytes()).unwrap();
        assert_eq!(page.next_cursor, None, "{body}");
    }
}

#[test]
fn unknown_statuses_and_channel_types_are_kept_as_they_came() {
    let body = br#"{"data": [{"id": "c1", "workspaceId": "w", "channelId": "ch", "contactId": "k",
        "status": "Escalated", "lastMessagePreview": "", "lastMessageAt": "2026-03-20T14:32:00Z"}]}"#;
    let page = decode::conversations_page(body).unwrap();
    assert_eq!(
        page.data[0].status,
        ConversationStatus::Other("Escalated".into())
    );
    assert_eq!(page.data[0].status.as_str(), "Escalated");

    let channel = decode::channel(
        br#"{"id": "ch", "workspaceId": "w", "channelType": "sms", "displayName": "Texts",
             "status": "active", "config": {}}"#,
    )
    .unwrap();
    assert_eq!(channel.channel_type, ChannelType::Other("sms".into()));
    assert_eq!(channel.channel_type.as_str(), "sms");
}

#[test]
fn every_status_vocabulary_is_understood() {
    for (text, expected) in [
        ("open", ConversationStatus::Open),
        ("in_progress", ConversationStatus::InProgress),
        ("awaiting_contact", ConversationStatus::AwaitingContact),
        ("resolved", ConversationStatus::Resolved),
        ("closed", ConversationStatus::Closed),
        ("abandoned", ConversationStatus::Abandoned),
        ("new", ConversationStatus::New),
        ("active", ConversationStatus::Active),
        ("human_managed", ConversationStatus::HumanManaged),
        ("waiting", ConversationStatus::Waiting),
        ("In progress", ConversationStatus::InProgress),
    ] {
        let parsed: ConversationStatus = serde_json::from_value(text.into()).unwrap();
        assert_eq!(parsed, expected, "{text}");
    }
}

#[test]
fn workspaces_and_attention_items_decode_bare_or_wrapped() {
    let bare = br#"[{"id": "w1", "name": "Nordic Parts", "plan": "pro"}]"#;
    let wrapped = br#"{"data": [{"id": "w1", "name": "Nordic Parts"}]}"#;
    assert_eq!(
        decode::workspaces(bare).unwrap(),
        decode::workspaces(wrapped).unwrap()
    );

    let items = decode::attention_items(
        br#"[{"id": "a1", "conversationId": "c1", "type": "human_requested",
              "reason": "Customer asked for a person", "status": "open",
              "createdAt": "2026-03-20T14:32:00Z"},
             {"id": "a2", "conversationId": "c2", "type": "low_confidence", "reason": null,
              "status": "dismissed", "createdAt": "2026-03-20T14:33:00.250+01:00"}]"#,
    )
    .unwrap();
    assert_eq!(items[0].kind, "human_requested");
    assert_eq!(items[0].status, AttentionStatus::Open);
    assert_eq!(items[1].reason, None);
    assert_eq!(items[1].status, AttentionStatus::Other("dismissed".into()));
}

const GOOD_ROW: &str = r#"{"id": "ok", "workspaceId": "w", "channelId": "ch", "contactId": "k",
    "status": "open", "lastMessagePreview": "x", "lastMessageAt": "2026-03-20T14:32:00Z"}"#;

#[test]
fn a_row_of_the_wrong_type_is_skipped_and_counted_and_the_rest_still_read() {
    let bad = r#"{"id": "c1", "workspaceId": "w", "channelId": "ch", "contactId": "k",
        "status": "open", "lastMessagePreview": "x", "lastMessageAt": "2026-03-20T14:32:00Z",
        "humanManaged": "yes"}"#;
    let body = format!(r#"{{"data": [{bad}, {GOOD_ROW}], "nextCursor": "n"}}"#);
    let page = decode::conversations_page(body.as_bytes()).unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id, "ok");
    assert_eq!(page.skipped, 1);
    assert_eq!(page.next_cursor.as_deref(), Some("n"));
}

#[test]
fn every_field_the_schemas_allow_to_be_null_may_be_null_or_absent() {
    let body = br#"{"data": [
        {"id": "c1", "workspaceId": "w", "channelId": "ch", "contactId": null, "status": "open",
         "lastMessagePreview": null, "lastMessageAt": null, "contactName": null,
         "contactEmail": null, "accountName": null},
        {"id": "c2", "workspaceId": "w", "channelId": "ch", "status": "new",
         "lastMessageAt": "2026-03-20T16:32:00+02:00"}]}"#;
    let page = decode::conversations_page(body).unwrap();
    assert_eq!(page.skipped, 0);
    let [first, second] = page.data.as_slice() else {
        panic!("two rows: {page:?}");
    };
    assert_eq!(first.contact_id, None);
    assert_eq!(first.last_message_preview, "");
    assert_eq!(first.last_message_at, None);
    assert_eq!(first.human_managed, None);
    assert_eq!(
        second.last_message_at.map(|at| at.to_rfc3339()),
        Some("2026-03-20T14:32:00+00:00".to_owned()),
        "an offset other than Z is the same instant"
    );
}

#[test]
fn a_row_without_an_id_is_skipped() {
    let body = format!(
        r#"{{"data": [{{"workspaceId": "w", "channelId": "ch", "status": "open"}}, {GOOD_ROW}]}}"#
    );
    let page = decode::conversations_page(body.as_bytes()).unwrap();
    assert_eq!((page.data.len(), page.skipped), (1, 1));
}

#[test]
fn a_message_with_a_bad_timestamp_or_without_text_or_time_is_skipped() {
    let thread = decode::messages(
        br#"[{"id": "m1", "direction": "inbound", "body": "hi", "sentAt": "yesterday"},
             {"id": "m2", "direction": "inbound", "body": "hi"},
             {"id": "m3", "direction": "inbound", "body": "kept", "sentAt": "2026-03-20T14:32:00Z"}]"#,
    )
    .unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].body, "kept");
    let thread = decode::messages(
        br#"{"data": [{"id": "m1", "role": "customer", "createdAt": "2026-03-20T14:32:00Z"},
                      {"id": "m2", "role": "agent", "senderName": null, "content": "ok",
                       "createdAt": "2026-03-20T16:32:00.120+02:00"}]}"#,
    )
    .unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].sender_name, None);
}

#[test]
fn a_page_that_is_not_a_page_names_what_is_wrong() {
    let detail =
        bad_response_detail(decode::conversations_page(br#"{"data": {"id": 1}}"#).unwrap_err());
    assert!(detail.contains("data"), "{detail}");
}

#[test]
fn malformed_json_is_reported_not_panicked_on() {
    for body in [
        &b""[..],
        b"{",
        b"[{\"id\": ",
        b"<html>502</html>",
        b"[] trailing",
    ] {
        let detail = bad_response_detail(decode::messages(body).unwrap_err());
        assert!(detail.contains("JSON"), "{detail}");
    }
}

#[test]
fn a_huge_message_body_is_truncated_with_a_visible_note() {
    let text = "x".repeat(1_200_000);
    let body = serde_json::json!([{"id": "m1", "direction": "inbound", "body": text,
        "sentAt": "2026-03-20T14:32:00Z"}])
    .to_string();
    let messages = decode::messages(body.as_bytes()).unwrap();
    assert!(messages[0].body.len() < MAX_MESSAGE_BODY_BYTES + 64);
    assert!(
        messages[0].body.ends_with("… [message truncated: 1.2 MB]"),
        "{}",
        &messages[0].body[MAX_MESSAGE_BODY_BYTES - 10..]
    );
}

#[test]
fn models_serialize_in_camel_case_for_the_ui() {
    let messages = decode::messages(
        br#"[{"id": "m1", "direction": "inbound", "speaker": "caller", "body": "hi",
              "sentAt": "2026-03-20T14:32:00Z", "channel": "voice", "fromAddress": "+4512345678"}]"#,
    )
    .unwrap();
    let json = serde_json::to_value(&messages[0]).unwrap();
    assert_eq!(json["author"], "customer");
    assert_eq!(json["speaker"], "caller");
    assert_eq!(json["fromAddress"], "+4512345678");
    assert_eq!(json["sentAt"], "2026-03-20T14:32:00Z");
}

#[test]
fn a_conversation_detail_is_read_with_ids_only_with_records_or_wrapped() {
    let ids_only = decode::conversation_detail(
        br#"{"id":"c1","contactId":"ct1","accountId":null,"status":"waiting","messages":[]}"#,
    )
    .unwrap();
    assert_eq!(ids_only.contact_id.as_deref(), Some("ct1"));
    assert_eq!(ids_only.account_id, None);
    assert!(ids_only.contact.is_none() && ids_only.account.is_none());

    let enriched = decode::conversation_detail(
        br#"{"data":{"id":7,"contactId":"ct1","accountId":"acc1",
            "contact":{"id":"ct1","firstName":"Ana","lastName":"Ruiz","identities":null},
            "account":{"id":"acc1","name":"Nordic Parts ApS"}}}"#,
    )
    .unwrap();
    assert_eq!(enriched.id, "7");
    let contact = enriched.contact.unwrap();
    assert_eq!(contact.name.as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        enriched.account.unwrap().name.as_deref(),
        Some("Nordic Parts ApS")
    );

    // An embedded record in a shape nobody documented costs only that record.
    let odd = decode::conversation_detail(
        br#"{"id":"c1","contactId":"ct1","contact":"ct1","account":[1,2]}"#,
    )
    .unwrap();
    assert_eq!(odd.contact_id.as_deref(), Some("ct1"));
    assert!(odd.contact.is_none() && odd.account.is_none());

    assert!(matches!(
        decode::conversation_detail(br#"{"contactId":"ct1"}"#),
        Err(ApiError::BadResponse { .. })
    ));
}
