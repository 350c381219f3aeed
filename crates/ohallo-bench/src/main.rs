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
mod uptime;
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
    /// Minutes of the uptime run (a customer message every 2 s across 500 conversations, the
    /// window shown one sample period and hidden the next); 0 leaves it out.
    #[arg(long, default_value_t = 120)]
    uptime_minutes: u64,
    /// Minutes between the uptime run's samples.
    #[arg(long, default_value_t = 5)]
    uptime_sample_minutes: u64,
    /// Runs only these parts (repeatable); all of them when not given.
    #[arg(long, value_enum)]
    only: Vec<Part>,
}

/// The parts of a run, for looking at one while working on it.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Part {
    /// Start-up and idle beside the bare window, the traffic run and the demo.
    Start,
    /// 10,000 conversations and a 5,000-message thread.
    Scale,
    /// The uptime run.
    Uptime,
}

impl Args {
    fn wants(&self, part: Part) -> bool {
        self.only.is_empty() || self.only.contains(&part)
    }
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
    if args.wants(Part::Start) {
        let (world, app, idle_requests_per_minute, signed_in) =
            startup_and_idle(&args, &mut report).await?;
        traffic(&args, &world, &app, idle_requests_per_minute, &mut report).await?;
        app.close().await?;
        drop(world);
        demo(&args, signed_in, &mut report).await?;
    }
    if args.wants(Part::Scale) {
        scale(&args, &mut report).await?;
    }
    if args.wants(Part::Uptime) {
        uptime(&args, &mut report).await?;
    }
    installer(&mut report);
    report.print();
    Ok(())
}

fn check_builds(args: &Args) -> Result<(), BenchError> {
    let mut builds = vec![("the app's release build", &args.app)];
    if args.wants(Part::Start) {
        builds.push(("the bare window's release build", &args.bare));
    }
    for (what, path) in builds {
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
/// the traffic run; answers its idle requests per minute and its idle memory.
async fn startup_and_idle(
    args: &Args,
    report: &mut Report,
) -> Result<(World, AppWindow, f64, procs::Memory), BenchError> {
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
    let requests_per_minute = started.requests.as_ref().map_or(f64::NAN, |r| r.per_minute);
    report_idle_requests(requests_per_minute, report);
    if let Some(requests) = &started.requests {
        for (route, rate) in &requests.by_route {
            report.figure(&format!("  of which {route}"), format!("{rate:.1}"), None);
        }
    }
    Ok((world, app, requests_per_minute, started.idle.memory))
}

fn report_startup(args: &Args, bare: &Startup, started: &Startup, report: &mut Report) {
    let start_ratio = started.start_ms / bare.start_ms;
    report.target(
        "start to inbox painted (bare: first paint)",
        ms(started.start_ms),
        Some(ms(bare.start_ms)),
        format!("<= 1.15x bare (is {start_ratio:.2}x)"),
        start_ratio <= 1.15,
    );
    let memory_ratio = started.idle.memory.pss_mib() / bare.idle.memory.pss_mib();
    report.target(
        &format!("idle PSS after {} s (all processes)", args.idle_seconds),
        mib(started.idle.memory.pss_mib()),
        Some(mib(bare.idle.memory.pss_mib())),
        format!("<= 1.10x bare (is {memory_ratio:.2}x)"),
        memory_ratio <= 1.10,
    );
    // Where the difference goes: WebKit's web and network processes beside the app's own.
    for role in procs::Role::ALL {
        report.figure(
            &format!("  of which {} process", role.name()),
            mib(started.idle.footprint.role(role).pss_mib()),
            Some(mib(bare.idle.footprint.role(role).pss_mib())),
        );
    }
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

/// The demo workspace beside the signed-in inbox measured at the start.
async fn demo(
    args: &Args,
    signed_in: procs::Memory,
    report: &mut Report,
) -> Result<(), BenchError> {
    eprintln!(
        "oHallo: the demo workspace, then {} s idle",
        args.idle_seconds
    );
    let demo = startup::demo(&args.app, Duration::from_secs(args.idle_seconds)).await?;
    let ratio = demo.memory.pss_mib() / signed_in.pss_mib();
    report.target(
        &format!("demo workspace: idle PSS after {} s", args.idle_seconds),
        mib(demo.memory.pss_mib()),
        None,
        format!(
            "<= 1.05x signed in, {} (is {ratio:.2}x)",
            mib(signed_in.pss_mib())
        ),
        ratio <= 1.05,
    );
    for role in procs::Role::ALL {
        report.figure(
            &format!("  of which {} process", role.name()),
            mib(demo.footprint.role(role).pss_mib()),
            None,
        );
    }
    Ok(())
}

/// Hours of traffic with the window shown and hidden: memory and state must stay flat.
async fn uptime(args: &Args, report: &mut Report) -> Result<(), BenchError> {
    if args.uptime_minutes == 0 {
        return Ok(());
    }
    eprintln!(
        "oHallo: {} min of uptime, a message every {} s across {} conversations",
        args.uptime_minutes,
        uptime::MESSAGE_EVERY.as_secs(),
        uptime::CONVERSATIONS
    );
    let run = uptime::run(
        &args.app,
        Duration::from_secs(args.uptime_minutes * 60),
        Duration::from_secs(args.uptime_sample_minutes.max(1) * 60),
    )
    .await?;
    let (first, last) = match (run.samples.first(), run.samples.last()) {
        (Some(first), Some(last)) => (first, last),
        _ => return Ok(()),
    };
    report.figure(
        &format!(
            "uptime {} min, {} messages: PSS first / last",
            args.uptime_minutes, run.messages
        ),
        format!(
            "{} / {}",
            mib(first.memory.pss_mib()),
            mib(last.memory.pss_mib())
        ),
        None,
    );
    match run.pss_mib_per_hour() {
        Some(slope) => report.target(
            &format!(
                "uptime PSS slope after the first {} min",
                uptime::WARM_UP.as_secs() / 60
            ),
            format!("{slope:+.2} MiB/h"),
            None,
            "<= 2 MiB/h".into(),
            slope <= 2.0,
        ),
        None => report.figure("uptime PSS slope", "run too short for a slope".into(), None),
    }
    if let Some(slope) = run.second_half_pss_mib_per_hour() {
        report.figure(
            "  PSS slope over the second half alone",
            format!("{slope:+.2} MiB/h"),
            None,
        );
    }
    if let Some(slope) = run.anon_mib_per_hour() {
        report.figure(
            "  anonymous memory slope, the same samples",
            format!("{slope:+.2} MiB/h"),
            None,
        );
    }
    report.figure(
        "uptime state files first / last (slope)",
        format!(
            "{:.1} KiB / {:.1} KiB ({})",
            first.state_bytes as f64 / 1024.0,
            last.state_bytes as f64 / 1024.0,
            run.state_kib_per_hour()
                .map_or_else(|| "-".into(), |s| format!("{s:+.1} KiB/h"))
        ),
        None,
    );
    Ok(())
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
        &format!(
            "scroll to conversation {}: per page p50 / p95 ({} pages)",
            scale::CONVERSATIONS,
            scale.page_ms.len()
        ),
        format!(
            "{} / {}",
            ms(quantile(&scale.page_ms, 0.5)),
            ms(quantile(&scale.page_ms, 0.95))
        ),
        None,
    );
    let scroll_growth = scale.after_scroll.total.pss_mib() - scale.at_first_page.total.pss_mib();
    report.target(
        &format!(
            "PSS at conversation {} less at the first page",
            scale::CONVERSATIONS
        ),
        format!(
            "{} ({} to {})",
            mib(scroll_growth),
            mib(scale.at_first_page.total.pss_mib()),
            mib(scale.after_scroll.total.pss_mib())
        ),
        None,
        "<= 20 MiB".into(),
        scroll_growth <= 20.0,
    );
    for role in procs::Role::ALL {
        report.figure(
            &format!("  of which {} process", role.name()),
            mib(scale.after_scroll.role(role).pss_mib() - scale.at_first_page.role(role).pss_mib()),
            None,
        );
    }
    report.figure(
        &format!(
            "  WebKit's alone: {} distinct names and previews drawn in one element",
            scale::CONVERSATIONS
        ),
        format!("{} (web process)", mib(scale.text_floor_mib)),
        None,
    );
    let worst_frame = scale.frame_work_ms.iter().copied().fold(0.0, f64::max);
    report.target(
        &format!(
            "main-thread work per frame, scrolling a screen a frame: p95 / max ({} frames)",
            scale.frame_work_ms.len()
        ),
        format!(
            "{:.1} ms / {worst_frame:.1} ms",
            quantile(&scale.frame_work_ms, 0.95)
        ),
        None,
        "<= 16 ms every frame".into(),
        worst_frame <= 16.0,
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
