use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::HarnessError;

/// A child process that is killed and reaped when dropped, so a failing test leaves no Xvfb,
/// bus or driver behind.
pub struct Guarded {
    name: String,
    child: Child,
}

impl Guarded {
    pub fn spawn(name: &str, command: &mut Command) -> Result<Guarded, HarnessError> {
        let child = command.spawn().map_err(|source| HarnessError::Spawn {
            program: name.to_string(),
            source,
        })?;
        Ok(Guarded {
            name: name.to_string(),
            child,
        })
    }

    pub fn stdin(&mut self) -> Option<std::process::ChildStdin> {
        self.child.stdin.take()
    }

    /// Reads the first line the child prints on stdout (daemons print their address there).
    pub fn first_stdout_line(&mut self) -> Result<String, HarnessError> {
        let stdout = self
            .child
            .stdout
            .take()
            .ok_or_else(|| HarnessError::NotReady(format!("{} (no stdout)", self.name)))?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(HarnessError::io(format!("reading {}'s stdout", self.name)))?;
        let line = line.trim().to_string();
        if line.is_empty() {
            return Err(HarnessError::NotReady(format!(
                "{} (printed nothing)",
                self.name
            )));
        }
        Ok(line)
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn piped_stdout(command: &mut Command) -> &mut Command {
    command.stdout(Stdio::piped()).stderr(Stdio::inherit())
}

/// Polls `ready` every 50 ms until it holds or `timeout` passes.
pub async fn wait_until(
    what: &str,
    timeout: Duration,
    mut ready: impl FnMut() -> bool,
) -> Result<(), HarnessError> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if ready() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(HarnessError::NotReady(what.to_string()))
}

pub fn free_port() -> Result<u16, HarnessError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(HarnessError::io("finding a free port"))?;
    let port = listener
        .local_addr()
        .map_err(HarnessError::io("finding a free port"))?
        .port();
    Ok(port)
}
