//! A desktop that shows tray icons: the StatusNotifier watcher that KDE, or GNOME with the
//! AppIndicator extension, runs on the session bus, saying a host (the panel) is registered.
//! It records the tray items that register with it, as a panel would show them.

use std::sync::{Arc, Mutex, PoisonError};

use crate::HarnessError;

const NAME: &str = "org.kde.StatusNotifierWatcher";
const PATH: &str = "/StatusNotifierWatcher";

#[derive(Default)]
struct Items(Mutex<Vec<String>>);

impl Items {
    fn list(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

struct Watcher {
    items: Arc<Items>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(&self, service: String) {
        self.items
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(service);
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items.list()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

pub struct TrayHost {
    _connection: zbus::Connection,
    items: Arc<Items>,
}

impl TrayHost {
    pub async fn start(bus_address: &str) -> Result<TrayHost, HarnessError> {
        let items = Arc::new(Items::default());
        let connection = zbus::connection::Builder::address(bus_address)?
            .name(NAME)?
            .serve_at(
                PATH,
                Watcher {
                    items: items.clone(),
                },
            )?
            .build()
            .await?;
        Ok(TrayHost {
            _connection: connection,
            items,
        })
    }

    /// What registered a tray icon so far (the bus name or path each item gave).
    pub fn items(&self) -> Vec<String> {
        self.items.list()
    }
}
