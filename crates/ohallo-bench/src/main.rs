//! `ohallo-bench`: what oHallo Desktop costs, beside a bare Tauri 2 window measured in the same
//! run, printed as a table with each target and whether it holds. `scripts/bench.sh` builds
//! both release binaries and the .deb, then runs this.

mod error;
mod installer;
mod procs;
mod report;
mod scale;
mod startup;
mod traffic;
mod window;

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use ohallo_e2e::{AppWindow, World};
use ohallo_sandbox::WORKSPACE_COUNT;

use error::BenchError;
use report::{mib, ms, quantile, Report};
use startup::Startup;
use traffic::Traffic;

/// The benchmark runs the app with its defaults, so the targets are computed from its interval.
const INTERVAL: Duration = ohallo_inbox::DEFAULT_POLL_INTERVAL;

#[derive(Parser)]
#[command(about = "Measures oHallo Desktop beside a bare Tauri window and prints a table")]
struct Args {
    /// The release build of the app.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/release/ohallo-desktop"))]
    app: PathBuf,
    /// The release build of examples/bare-window.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/release/bare-window"))]
    bare: PathBuf,
    /// Minutes of simulated customer traffic with the window hidden.
    #[arg(long, default_value_t = 15)]
    traffic_minutes: u64,
    /// Customer messages at the least, whatever the minutes.
    #[arg(long, default_value_t = 50)]
    messages: usize,
    /// Starts of each window; the median is reported.
    #[arg(long, default_value_t = 5)]
    starts: usize,
    /// Seconds each window is left idle before its memory and CPU are read.
    #[arg(long, default_value_t = 60)]
    idle_seconds: u64,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(error) = run(args).await {
        eprintln!("benchmark failed: {error}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), BenchError> {
    check_builds(&args)?;
    let mut report = Report::default();
    let (world, app, idle_requests_per_minute) = startup_and_idle(&args, &mut report).await?;
    traffic(&args, &world, &app, idle_requests_per_minute, &mut report).await?;
    app.close().await?;
    drop(world);
    scale(&args, &mut report).await?;
    installer(&mut report);
    report.print();
    Ok(())
}

fn check_builds(args: &Args) -> Result<(), BenchError> {
    for (what, path) in [
        ("the app's release build", &args.app),
        ("the bare window's release build", &args.bare),
    ] {
        if !path.exists() {
            return Err(BenchError::Missing {
                what,
                path: path.clone(),
                hint: "scripts/bench.sh builds it",
            });
        }
    }
    Ok(())
}

/// Starts both windows, compares their start and idle costs, and leaves the app signed in for
/// the traffic run; answers its idle requests per minute.
async fn startup_and_idle(
    args: &Args,
    report: &mut Report,
) -> Result<(World, AppWindow, f64), BenchError> {
    let idle_for = Duration::from_secs(args.idle_seconds);
    eprintln!(
        "bare window: {} starts, then {} s idle",
        args.starts, args.idle_seconds
    );
    let bare = startup::bare(&args.bare, args.starts, idle_for).await?;
    eprintln!(
        "oHallo: sign-in, {} starts into a 100-conversation inbox, then {} s idle",
        args.starts, args.idle_seconds
    );
    let (world, app, started) = startup::app(&args.app, args.starts, idle_for).await?;
    report_startup(args, &bare, &started, report);
    let requests_per_minute = started.requests_per_minute.unwrap_or(f64::NAN);
    report_idle_requests(requests_per_minute, report);
    Ok((world, app, requests_per_minute))
}

fn report_startup(args: &Args, bare: &Startup, started: &Startup, report: &mut Report) {
    let start_ratio = started.start_ms / bare.start_ms;
    report.target(
        "start to inbox painted (bare: first paint)",
        ms(started.start_ms),
        Some(ms(bare.start_ms)),
        "<= 1.5x bare".into(),
        start_ratio <= 1.5,
    );
    let memory_ratio = started.idle.memory.pss_mib() / bare.idle.memory.pss_mib();
    report.target(
        &format!("idle PSS after {} s (all processes)", args.idle_seconds),
        mib(started.idle.memory.pss_mib()),
        Some(mib(bare.idle.memory.pss_mib())),
        format!("<= 1.3x bare (is {memory_ratio:.2}x)"),
        memory_ratio <= 1.3,
    );
    report.figure(
        &format!("idle RSS after {} s (all processes)", args.idle_seconds),
        mib(started.idle.memory.rss_mib()),
        Some(mib(bare.idle.memory.rss_mib())),
    );
    report.target(
        &format!(
            "idle CPU over {} s (from {} s after paint)",
            args.idle_seconds,
            window::SETTLE.as_secs()
        ),
        format!("{:.2} % of a core", started.idle.cpu_percent),
        Some(format!("{:.2} % of a core", bare.idle.cpu_percent)),
        "<= 0.5 %".into(),
        started.idle.cpu_percent <= 0.5,
    );
}

fn report_idle_requests(requests_per_minute: f64, report: &mut Report) {
    // oHallo wants every listing scoped to a workspace: one list and, every few polls, one
    // attention read per workspace and interval.
    let polls_per_minute = 60.0 / INTERVAL.as_secs_f64();
    let allowed = WORKSPACE_COUNT as f64
        * polls_per_minute
        * (1.0 + 1.0 / f64::from(ohallo_inbox::ATTENTION_EVERY));
    report.target(
        "idle API requests per minute",
        format!("{requests_per_minute:.0}"),
        None,
        format!(
            "<= 1 list per {} s and workspace, attention every {}th poll ({allowed:.0})",
            INTERVAL.as_secs(),
            ohallo_inbox::ATTENTION_EVERY
        ),
        requests_per_minute <= allowed,
    );
}

/// Customers write in while the window is hidden: latency, duplicates, requests, memory.
async fn traffic(
    args: &Args,
    world: &World,
    app: &AppWindow,
    idle_requests_per_minute: f64,
    report: &mut Report,
) -> Result<(), BenchError> {
    eprintln!(
        "oHallo: window hidden, customers writing for {} min (at least {} messages)",
        args.traffic_minutes, args.messages
    );
    let traffic = traffic::run(
        world,
        app,
        &args.app,
        INTERVAL,
        args.messages,
        Duration::from_secs(args.traffic_minutes * 60),
    )
    .await?;
    report_latency(&traffic, report);
    report_deliveries(&traffic, report);
    report_traffic_cost(&traffic, idle_requests_per_minute, report);
    Ok(())
}

fn report_latency(traffic: &Traffic, report: &mut Report) {
    let p95 = quantile(&traffic.latencies_ms, 0.95);
    report.figure(
        "notification latency p50",
        ms(quantile(&traffic.latencies_ms, 0.5)),
        None,
    );
    let latency_target = INTERVAL.as_secs_f64() * 1000.0 + 1000.0;
    report.target(
        &format!(
            "notification latency p95 ({} messages)",
            traffic.latencies_ms.len()
        ),
        ms(p95),
        None,
        format!("<= interval + 1 s ({})", ms(latency_target)),
        p95 <= latency_target,
    );
}

fn report_deliveries(traffic: &Traffic, report: &mut Report) {
    let duplicates = traffic
        .notifications
        .saturating_sub(traffic.messages - traffic.missed);
    report.target(
        "messages / notifications / missed / duplicated",
        format!(
            "{} / {} / {} / {duplicates}",
            traffic.messages, traffic.notifications, traffic.missed
        ),
        None,
        "none missed, none twice".into(),
        traffic.missed == 0 && traffic.notifications == traffic.messages,
    );
}

fn report_traffic_cost(traffic: &Traffic, idle_requests_per_minute: f64, report: &mut Report) {
    let minutes = traffic.elapsed.as_secs_f64() / 60.0;
    let per_message =
        (traffic.requests as f64 - idle_requests_per_minute * minutes) / traffic.messages as f64;
    report.figure(
        "API requests per new message (beyond idle polling)",
        format!("{per_message:.1}"),
        None,
    );
    let first = traffic.memory.first().map_or(0.0, |m| m.pss_mib());
    let last = traffic.memory.last().map_or(0.0, |m| m.pss_mib());
    let peak = traffic
        .memory
        .iter()
        .map(|m| m.pss_mib())
        .fold(0.0, f64::max);
    let growth = 100.0 * (last - first) / first;
    report.target(
        &format!("PSS before / after {minutes:.0} min of traffic (peak)"),
        format!("{} / {} ({})", mib(first), mib(last), mib(peak)),
        None,
        format!("flat: within +10 % (is {growth:+.1} %)"),
        growth <= 10.0,
    );
}

/// A large inbox and a long thread.
async fn scale(args: &Args, report: &mut Report) -> Result<(), BenchError> {
    eprintln!(
        "oHallo: {} conversations, a {}-message thread",
        scale::CONVERSATIONS,
        scale::THREAD_LENGTH
    );
    let scale = scale::run(&args.app, args.starts).await?;
    report.target(
        &format!("{} conversations: first page", scale::CONVERSATIONS),
        ms(scale.first_page_ms),
        None,
        "<= 300 ms".into(),
        scale.first_page_ms <= 300.0,
    );
    report.figure(
        &format!("scroll to conversation {} (PSS after)", scale::SCROLL_TO),
        format!(
            "{} ({})",
            ms(scale.scroll_ms),
            mib(scale.after_scroll.pss_mib())
        ),
        None,
    );
    let thread_growth = scale.after_thread.pss_mib() - scale.before_thread.pss_mib();
    report.target(
        &format!(
            "{}-message thread opened (messages rendered, PSS added)",
            scale::THREAD_LENGTH
        ),
        format!(
            "{} ({}, {})",
            ms(scale.thread_ms),
            scale.thread_rendered,
            mib(thread_growth)
        ),
        None,
        "<= 500 ms, bounded rendering".into(),
        scale.thread_ms <= 500.0 && scale.thread_rendered < scale::THREAD_LENGTH as u64,
    );
    Ok(())
}

/// The .deb's size, when it has been built.
fn installer(report: &mut Report) {
    let package = match installer::measure() {
        Ok(package) => package,
        Err(error) => {
            eprintln!("no installer figures: {error}");
            return;
        }
    };
    let mb = package.bytes as f64 / 1_000_000.0;
    report.target(
        &format!(
            "installer size ({})",
            package
                .path
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        ),
        format!("{mb:.1} MB"),
        None,
        "<= 10 MB".into(),
        mb <= 10.0,
    );
    report.figure(
        "installed size",
        format!(
            "{:.1} MB",
            package.installed_kib as f64 * 1024.0 / 1_000_000.0
        ),
        None,
    );
}
