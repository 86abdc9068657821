//! Imported configs carry what they settle about how a service runs — its runtime,
//! long-lived connections, `maxDuration` — and the Vercel + Fly hybrid never puts a
//! service on Vercel that the config says Vercel cannot run.

use hostcast::import::{self, Options, emit};
use hostcast::pricing::Prices;
use hostcast::simulate::OptionResult;

use crate::helpers::repo;

fn books() -> Prices {
    Prices::load_dir(&repo("pricing")).expect("bundled price books load")
}

/// Imports one file, writes its scenario and prices its Vercel + Fly option at MVP.
fn import_and_price(name: &str, text: &str) -> (String, OptionResult) {
    let imported = import::import_text(std::path::Path::new(name), text, &Options::default()).expect("imports");
    let prices = books();
    let top = import::combine(vec![imported]).expect("one topology");
    let scenario = emit::scenario(&top, &emit::Known::from_prices(&prices)).text;
    let s = crate::helpers::scenario(&scenario);
    // the hybrid: `Vercel + Fly.io`, or `As configured on Vercel + Fly.io` for a vercel.json
    let option = s.file.options.iter().map(|o| o.name.clone()).find(|n| n.ends_with("Vercel + Fly.io")).unwrap_or_default();
    let filter = hostcast::simulate::Filter { options: vec![option], stages: vec!["MVP".into()] };
    let r = hostcast::results::run(&[s], &prices, &filter).expect("prices");
    (scenario, r.results[0].clone())
}

fn provider_of<'a>(r: &'a OptionResult, service: &str) -> &'a str {
    r.services.iter().find(|s| s.name == service).map(|s| s.provider.as_str()).unwrap_or("(none)")
}

#[test]
fn a_fly_next_app_behind_a_raw_tcp_port_stays_on_fly() {
    let fly = r#"
app = "chat"
primary_region = "iad"

[processes]
web = "npx next start -p 3000"

[[services]]
internal_port = 3000
processes = ["web"]
protocol = "tcp"

[[services.ports]]
port = 8443
handlers = ["tls"]
"#;
    let (text, hybrid) = import_and_price("fly.toml", fly);
    assert!(text.contains("frontend = \"nextjs\""), "{text}");
    assert!(text.contains("long_lived_connections = true"), "{text}");
    assert!(text.contains("runtime = \"node\""), "{text}");
    assert_eq!(provider_of(&hybrid, "web"), "fly", "{:?}", hybrid.services);
    assert!(hybrid.assumptions.iter().any(|a| a.contains("long-lived connections")), "{:?}", hybrid.assumptions);
}

#[test]
fn a_fly_next_app_behind_http_goes_to_vercel_with_the_unknowns_stated() {
    let fly = "app = \"shop\"\nprimary_region = \"iad\"\n[processes]\nweb = \"npx next start\"\n[http_service]\ninternal_port = 3000\nprocesses = [\"web\"]\n";
    let (text, hybrid) = import_and_price("fly.toml", fly);
    assert!(!text.contains("\nlong_lived_connections"), "{text}");
    assert!(text.contains("# assumed: the config does not say whether it holds long-lived connections"), "{text}");
    assert_eq!(provider_of(&hybrid, "web"), "vercel", "{:?}", hybrid.services);
}

#[test]
fn a_compose_websocket_server_is_long_lived_and_an_unknown_image_is_not_guessed() {
    let compose = r#"
services:
  site:
    build: ./site
    command: ["npx", "next", "start"]
    ports: ["3000:3000"]
  realtime:
    image: centrifugo/centrifugo:v5
    ports: ["8000:8000"]
  socket-api:
    image: ghcr.io/acme/realtime-socket-api:1
    ports: ["9000:9000"]
"#;
    let (text, _) = import_and_price("docker-compose.yml", compose);
    let table = |name: &str| text.split("[[service]]").find(|t| t.contains(&format!("name = \"{name}\""))).unwrap_or_default().to_string();
    assert!(table("realtime").contains("long_lived_connections = true  # its image is Centrifugo"), "{text}");
    // "realtime" and "socket" in an unknown image's name settle nothing
    assert!(!table("socket-api").contains("long_lived_connections"), "{text}");
    assert!(table("site").contains("runtime = \"node\""), "{text}");
}

#[test]
fn vercel_json_runtime_and_max_duration_are_carried() {
    // 900 s is past Vercel Pro's 800 s: the functions cannot run there as configured
    let vercel = r#"{ "framework": "nextjs", "functions": { "app/api/**/*.py": { "runtime": "@vercel/python@4.3.0", "maxDuration": 900 } } }"#;
    let (text, hybrid) = import_and_price("vercel.json", vercel);
    assert!(text.contains("runtime = \"python\""), "{text}");
    assert!(text.contains("max_duration_s = 900"), "{text}");
    let name = hybrid.services.iter().find(|s| s.kind == "web").map(|s| s.name.clone()).unwrap_or_default();
    assert_eq!(provider_of(&hybrid, &name), "fly", "{:?}", hybrid.services);
    assert!(hybrid.assumptions.iter().any(|a| a.contains("900 s") && a.contains("800 s")), "{:?}", hybrid.assumptions);
    // a community runtime runs on Vercel through its package: noted, not a runtime Vercel lacks
    let php = r#"{ "functions": { "api/*.php": { "runtime": "vercel-php@0.7.3" } } }"#;
    let (text, _) = import_and_price("vercel.json", php);
    assert!(!text.contains("runtime = "), "{text}");
    assert!(text.contains("runtime package `vercel-php@0.7.3`"), "{text}");
}
