//! What a program and the processes it started cost, read from /proc: a WebKit app is a UI
//! process plus web and network processes, and only their sum is fair to compare.

use std::path::Path;

#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    pub rss_kib: u64,
    pub pss_kib: u64,
    /// Anonymous memory (heaps, JavaScript's heap, stacks): where a leak grows. Unlike PSS (and
    /// unlike the private size, whose library pages turn shared), it does not move when another
    /// WebKit program starts or ends and maps the same libraries.
    pub anon_kib: u64,
}

impl Memory {
    pub fn pss_mib(&self) -> f64 {
        self.pss_kib as f64 / 1024.0
    }

    pub fn anon_mib(&self) -> f64 {
        self.anon_kib as f64 / 1024.0
    }

    pub fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }
}

/// What a process of a WebKit app is for; the memory figures are also given per role, to show
/// where a difference goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    App,
    Web,
    Network,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::App, Role::Web, Role::Network];

    pub fn name(self) -> &'static str {
        match self {
            Role::App => "app",
            Role::Web => "web",
            Role::Network => "network",
        }
    }

    /// WebKitGTK names its helper processes; everything else under the app is the app's.
    pub fn of(pid: u32) -> Role {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.starts_with("WebKitWebProces") {
            Role::Web
        } else if comm.starts_with("WebKitNetworkPr") {
            Role::Network
        } else {
            Role::App
        }
    }
}

/// Memory summed over a program's processes, and per role.
#[derive(Debug, Clone, Copy, Default)]
pub struct Footprint {
    pub total: Memory,
    roles: [Memory; 3],
}

impl Footprint {
    pub fn of(pids: &[u32]) -> Footprint {
        let roles = Role::ALL.map(|role| {
            let of_role: Vec<u32> = pids
                .iter()
                .copied()
                .filter(|&pid| Role::of(pid) == role)
                .collect();
            memory(&of_role)
        });
        Footprint {
            total: memory(pids),
            roles,
        }
    }

    pub fn role(&self, role: Role) -> Memory {
        self.roles[role as usize]
    }
}

/// The newest process running `exe`.
pub fn find_by_exe(exe: &Path) -> Option<u32> {
    let exe = exe.canonicalize().ok()?;
    pids()
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|path| path == exe))
        .max_by_key(|&pid| start_time(pid).unwrap_or(0))
}

/// `root` and every process below it.
pub fn tree(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u64)> = pids()
        .filter_map(|pid| Some((pid, stat_field(pid, 4)?)))
        .collect();
    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(
            parents
                .iter()
                .filter(|(_, ppid)| *ppid == u64::from(parent))
                .map(|(pid, _)| *pid),
        );
        next += 1;
    }
    found
}

/// Resident and proportional set sizes and anonymous memory summed over `pids` (shared pages
/// counted once in PSS).
pub fn memory(pids: &[u32]) -> Memory {
    let mut total = Memory::default();
    for pid in pids {
        let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else {
            continue;
        };
        for line in rollup.lines() {
            let mut parts = line.split_whitespace();
            let (Some(key), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            let value: u64 = value.parse().unwrap_or(0);
            match key {
                "Rss:" => total.rss_kib += value,
                "Pss:" => total.pss_kib += value,
                "Anonymous:" => total.anon_kib += value,
                _ => {}
            }
        }
    }
    total
}

/// User plus system CPU time of `pids`, in clock ticks.
pub fn cpu_ticks(pids: &[u32]) -> u64 {
    pids.iter()
        .map(|&pid| stat_field(pid, 14).unwrap_or(0) + stat_field(pid, 15).unwrap_or(0))
        .sum()
}

/// Clock ticks per second; Linux has used 100 everywhere for decades, `getconf` confirms it.
pub fn ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse().ok())
        .unwrap_or(100)
}

fn pids() -> impl Iterator<Item = u32> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
}

fn start_time(pid: u32) -> Option<u64> {
    stat_field(pid, 22)
}

/// Field `n` (1-based, as in proc(5)) of /proc/<pid>/stat. The command name in field 2 may hold
/// spaces and parentheses, so counting starts after its closing parenthesis.
fn stat_field(pid: u32, n: usize) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    rest.split_whitespace().nth(n - 3)?.parse().ok()
}
