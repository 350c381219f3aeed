//! Zoom as in a browser: Ctrl + makes everything larger (the page has fewer CSS pixels across),
//! the level survives a restart, and Ctrl 0 goes back to 100 %.

use ohallo_e2e::{AppWindow, World, WorldOptions};
use serde_json::Value;

async fn css_width(app: &AppWindow) -> i64 {
    app.eval("return window.innerWidth;")
        .await
        .unwrap()
        .as_i64()
        .unwrap()
}

async fn wait_for_width(app: &AppWindow, condition: &str) {
    app.wait_until_script(&format!("return window.innerWidth {condition};"))
        .await
        .unwrap_or_else(|error| panic!("innerWidth never became {condition}: {error}"));
}

#[tokio::test]
async fn ctrl_plus_zooms_the_window_the_zoom_survives_a_restart_and_ctrl_0_resets_it() {
    let world = World::start(WorldOptions::default()).await.unwrap();
    let app = world.launch_app().await.unwrap();
    app.sign_in(world.sandbox.key()).await.unwrap();
    app.region("Conversations").await.unwrap();
    let normal = css_width(&app).await;

    app.field("Search conversations").await.unwrap();
    app.eval("document.getElementById('search').focus(); return null;")
        .await
        .unwrap();
    app.press_with_ctrl("=").await.unwrap();
    app.press_with_ctrl("=").await.unwrap();
    // Two steps up, 125 %: the same window holds 4/5 of the CSS pixels it did.
    let expected = normal * 4 / 5;
    wait_for_width(&app, &format!("<= {}", expected + 2)).await;
    assert_eq!(
        app.eval("return localStorage.getItem('ohallo.zoom');")
            .await
            .unwrap(),
        Value::from("1.25")
    );
    world.screenshot("zoom-125");
    app.close().await.unwrap();

    let app = world.launch_app().await.unwrap();
    app.region("Conversations").await.unwrap();
    wait_for_width(&app, &format!("<= {}", expected + 2)).await;
    app.eval("document.getElementById('search').focus(); return null;")
        .await
        .unwrap();
    app.press_with_ctrl("0").await.unwrap();
    wait_for_width(&app, &format!("=== {normal}")).await;
    app.close().await.unwrap();
}
