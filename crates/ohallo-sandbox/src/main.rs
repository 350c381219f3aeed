//! `ohallo-sandbox`: serves the in-memory oHallo API until SIGINT/SIGTERM. Its first stdout line
//! is `OHALLO_API_URL=<base url> OHALLO_SANDBOX_KEY=<key>`, for scripts that spawn it.

use chrono::FixedOffset;
use clap::{Parser, ValueEnum};
use ohallo_sandbox::{
    Config, ConversationDetail, ListOrder, MessageSchema, Sandbox, MAX_CONVERSATIONS,
};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    version,
    about = "An in-memory implementation of the oHallo API, for tests and demos",
    long_about = "An in-memory implementation of the oHallo API, for tests and demos.\n\n\
        By default it is a convenient server. --require-workspace, --nulls, --list-order created, \
        --timestamp-offset, --reply-delay, --strict-reply and --message-schema reference each \
        turn on a documented but less convenient behaviour of the real API; together they make \
        the least convenient server that still matches oHallo's docs. Faults (dropped \
        connections, lost answers, repeated cursors, 5xx with Retry-After) are injected at run \
        time through POST /_sandbox/faults.\n\n\
        The control API has no authentication; --no-control-api turns it off. On a loopback \
        --addr only Host 127.0.0.1, localhost or [::1] with the bound port is answered (403 \
        otherwise, against DNS rebinding); bodies must be application/json (415 otherwise)."
)]
struct Cli {
    /// Address to listen on; loopback unless you mean to expose it.
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// Seed of the deterministic demo data.
    #[arg(long, default_value_t = Config::default().seed)]
    seed: u64,
    /// Number of demo conversations.
    #[arg(long, default_value_t = Config::default().conversations, value_parser = conversations)]
    conversations: usize,
    /// Message shape: the Quickstart's bare array, or the API reference's {"data": [...]} with
    /// role/content/senderName/createdAt (AI messages named by their brand's aiSenderName).
    #[arg(long, value_enum, default_value_t = Schema::Quickstart)]
    message_schema: Schema,
    /// Replying to an AI-managed conversation answers 409.
    #[arg(long)]
    strict_reply: bool,
    /// A simulated customer writes a new message every SECS seconds (fractions allowed).
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    simulate_every: Option<Duration>,
    /// Requests per minute per key; beyond it, 429 with Retry-After.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: Option<u32>,
    /// Full-scope key to register instead of a random sf_test_v1_ key.
    #[arg(long)]
    key: Option<String>,
    /// Every key must pass workspaceId to the conversation and attention-item lists (400
    /// otherwise); workspace-restricted keys always must.
    #[arg(long)]
    require_workspace: bool,
    /// Write every timestamp in this UTC offset (e.g. +02:00, -05:30) instead of Z.
    #[arg(long, value_name = "±HH:MM", value_parser = offset, allow_hyphen_values = true)]
    timestamp_offset: Option<FixedOffset>,
    /// Null (or leave out) every optional field the schemas allow, in some conversations: no
    /// contact, name, email, account or preview, no message yet, no humanManaged, no senderName.
    /// The first page of 50 has at least one of each.
    #[arg(long)]
    nulls: bool,
    /// Order of the conversation list: by latest message, or newest created first (never moved
    /// by new messages).
    #[arg(long, value_enum, default_value_t = Order::Activity)]
    list_order: Order,
    /// An accepted reply reaches the thread only SECS seconds later (fractions allowed).
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    reply_delay: Option<Duration>,
    /// Do not serve the control API (/_sandbox/*), which has no authentication: inbound
    /// messages, keys, faults and the replies received are then out of every client's reach.
    #[arg(long)]
    no_control_api: bool,
    /// How long an attachment's pre-signed URL works (fractions allowed); then 403.
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "60")]
    attachment_url_ttl: Duration,
    /// Demo attachments a naive client would mishandle: a file name with `../` and control
    /// characters, a content type that lies, a body longer than its sizeBytes.
    #[arg(long)]
    hostile_attachments: bool,
    /// What GET /api/conversations/{id} says of the customer: only the contact's and account's
    /// ids, or also both records.
    #[arg(long, value_enum, default_value_t = Detail::IdsOnly)]
    conversation_detail: Detail,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Detail {
    IdsOnly,
    Enriched,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Order {
    Activity,
    Created,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Schema {
    Quickstart,
    Reference,
}

fn conversations(text: &str) -> Result<usize, String> {
    let count: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of conversations"))?;
    if count > MAX_CONVERSATIONS {
        return Err(format!(
            "{count} conversations is more than the supported maximum of {MAX_CONVERSATIONS}"
        ));
    }
    Ok(count)
}

fn seconds(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .filter(|every| !every.is_zero())
        .ok_or_else(|| format!("`{text}` is not a positive number of seconds"))
}

/// `+02:00`, `-0530`, `+02` or `Z`; at most ±23:59.
fn offset(text: &str) -> Result<FixedOffset, String> {
    let invalid = || format!("`{text}` is not a UTC offset such as +02:00");
    if text.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0).ok_or_else(invalid);
    }
    let (sign, rest) = match text.split_at_checked(1) {
        Some(("+", rest)) => (1, rest),
        Some(("-", rest)) => (-1, rest),
        _ => return Err(invalid()),
    };
    let (hours, minutes) = match (rest.len(), rest.split_at_checked(2)) {
        (2, Some((hours, _))) => (hours, "00"),
        (4, Some((hours, minutes))) => (hours, minutes),
        (5, Some((hours, minutes))) => (hours, minutes.strip_prefix(':').ok_or_else(invalid)?),
        _ => return Err(invalid()),
    };
    let number = |digits: &str, max: i32| {
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse::<i32>().ok())
            .flatten()
            .filter(|value| *value <= max)
            .ok_or_else(invalid)
    };
    let seconds = number(hours, 23)? * 3600 + number(minutes, 59)? * 60;
    FixedOffset::east_opt(sign * seconds).ok_or_else(invalid)
}

#[tokio::main]
async fn main() -> ExitCode {
    // Logs go to stderr: stdout's first line is a contract with whoever spawned us.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config = Config {
        seed: cli.seed,
        conversations: cli.conversations,
        message_schema: match cli.message_schema {
            Schema::Quickstart => MessageSchema::Quickstart,
            Schema::Reference => MessageSchema::Reference,
        },
        strict_reply: cli.strict_reply,
        simulate_every: cli.simulate_every,
        rate_limit: cli.rate_limit,
        key: cli.key,
        require_workspace: cli.require_workspace,
        timestamp_offset: cli.timestamp_offset,
        nulls: cli.nulls,
        list_order: match cli.list_order {
            Order::Activity => ListOrder::Activity,
            Order::Created => ListOrder::Created,
        },
        reply_delay: cli.reply_delay,
        control_api: !cli.no_control_api,
        attachment_url_ttl: cli.attachment_url_ttl,
        hostile_attachments: cli.hostile_attachments,
        conversation_detail: match cli.conversation_detail {
            Detail::IdsOnly => ConversationDetail::IdsOnly,
            Detail::Enriched => ConversationDetail::Enriched,
        },
    };
    let sandbox = match Sandbox::start(cli.addr, config).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("ohallo-sandbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let announced = writeln!(
        stdout,
        "OHALLO_API_URL={} OHALLO_SANDBOX_KEY={}",
        sandbox.base_url(),
        sandbox.key()
    )
    .and_then(|()| stdout.flush());
    drop(stdout);
    if let Err(error) = announced {
        eprintln!("ohallo-sandbox: cannot write to stdout: {error}");
        return ExitCode::FAILURE;
    }
    match termination().await {
        Ok(()) => {
            tracing::info!("shutting down");
            sandbox.shutdown().await;
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("ohallo-sandbox: cannot listen for signals: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(unix)]
async fn termination() -> std::io::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result,
        _ = terminate.recv() => Ok(()),
    }
}

#[cfg(not(unix))]
async fn termination() -> std::io::Result<()> {
    tokio::signal::ctrl_c().await
}
