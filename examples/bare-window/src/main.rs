//! A bare Tauri 2 window with an empty page: the yardstick for oHallo's start-up time, memory
//! and idle CPU. It must stay as plain as `cargo create-tauri-app` makes it, or the comparison
//! means nothing.

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the bare window could not start: {error}");
        std::process::exit(1);
    }
}
