//! `downstream-bot POD_URL USERNAME KEY.pem`: logs in and prints the ids
//! of the bot's rooms.

use downstream_bot::Bot;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [pod_url, username, key] = args.as_slice() else {
        return Err("usage: downstream-bot POD_URL USERNAME KEY.pem".into());
    };
    let bot = Bot::connect(pod_url, username, &std::fs::read(key)?)?;
    for room in bot.rooms().await? {
        println!("{room}");
    }
    Ok(())
}
