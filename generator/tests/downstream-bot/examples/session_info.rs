//! A first call: who am I on this pod?
//!
//! ```sh
//! POD_URL=https://acme.symphony.com SESSION_TOKEN=… cargo run -p downstream-bot --example session_info
//! ```

use generated_client::{Client, Error, StaticTokens};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(pod_url), Ok(token)) = (std::env::var("POD_URL"), std::env::var("SESSION_TOKEN"))
    else {
        eprintln!("set POD_URL (https://acme.symphony.com) and SESSION_TOKEN to call a pod");
        return Ok(());
    };
    let client = Client::builder(pod_url, StaticTokens::session_token(token)).build()?;
    match client.v2_sessioninfo_get().send().await {
        Ok(me) => println!(
            "signed in as {:?} ({:?})",
            me.display_name, me.email_address
        ),
        Err(Error::Api(api)) if api.status == 401 => eprintln!("the session token was refused"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
