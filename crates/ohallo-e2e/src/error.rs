use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("could not start {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{0} did not become ready in time")]
    NotReady(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    #[error(
        "the app binary {0} does not exist: build it first with `cargo build -p ohallo-desktop`"
    )]
    AppMissing(PathBuf),
    #[error("d-bus: {0}")]
    Bus(#[from] zbus::Error),
    #[error("d-bus call: {0}")]
    BusCall(#[from] zbus::fdo::Error),
    #[error("webdriver session: {0}")]
    Session(#[from] fantoccini::error::NewSessionError),
    #[error("webdriver command: {0}")]
    Command(#[from] fantoccini::error::CmdError),
    #[error(transparent)]
    Control(#[from] ohallo_sandbox::control_client::ControlError),
    #[error("sandbox: {0}")]
    Sandbox(String),
}

impl HarnessError {
    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> HarnessError {
        let what = what.into();
        move |source| HarnessError::Io { what, source }
    }
}
