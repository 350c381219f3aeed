//! The demo workspace: the sandbox in-process with simulated customers, so the whole app can be
//! tried without an account.

use std::time::Duration;

use ohallo_inbox::DemoServer;
use ohallo_sandbox::Sandbox;

use crate::ui_error::ShellError;

/// A simulated customer writes about this often: enough to see notifications arrive.
const SIMULATE_EVERY: Duration = Duration::from_secs(40);

pub async fn start() -> Result<DemoServer, ShellError> {
    let config = ohallo_sandbox::Config {
        simulate_every: Some(SIMULATE_EVERY),
        // Unauthenticated, and any local user or web page could reach it; the simulation
        // needs none of it.
        control_api: false,
        ..Default::default()
    };
    let sandbox = Sandbox::start(([127, 0, 0, 1], 0).into(), config)
        .await
        .map_err(ShellError::DemoNotStarted)?;
    Ok(DemoServer {
        base_url: sandbox.base_url(),
        key: sandbox.key().to_owned(),
        guard: Box::new(sandbox),
    })
}
