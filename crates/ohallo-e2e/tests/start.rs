use ohallo_e2e::{World, WorldOptions};

#[tokio::test]
async fn the_app_starts_on_a_sign_in_screen_with_an_api_key_field_and_a_sign_in_button() {
    let world = World::start(WorldOptions::default()).await.unwrap();
    let app = world.launch_app().await.unwrap();

    let field = app.field("API key").await.unwrap();
    assert_eq!(
        field.attr("type").await.unwrap().as_deref(),
        Some("password")
    );
    let button = app.button("Sign in").await.unwrap();
    assert!(button.is_enabled().await.unwrap());
    let title = app.client.title().await.unwrap();
    assert_eq!(title, "oHallo");

    app.close().await.unwrap();
}
