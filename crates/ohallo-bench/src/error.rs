use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Harness(#[from] ohallo_e2e::HarnessError),
    #[error(transparent)]
    Control(#[from] ohallo_sandbox::control_client::ControlError),
    #[error("{what} is missing at {path}: {hint}")]
    Missing {
        what: &'static str,
        path: PathBuf,
        hint: &'static str,
    },
    #[error("no running process for {0}")]
    NoProcess(PathBuf),
    #[error("{0} did not happen in time")]
    Timeout(String),
    #[error("{what}: {source}")]
    Io {
        what: &'static str,
        source: std::io::Error,
    },
    #[error("unexpected answer from the page: {0}")]
    Page(serde_json::Value),
}
