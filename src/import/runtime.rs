//! What a config says plainly about how a service runs: its language runtime (from
//! a Render `runtime`, a `vercel.json` function `runtime`, or an official language
//! image or interpreter a command starts) and whether it holds long-lived
//! connections (a server whose image is a known websocket / MQTT / real-time
//! server). Nothing is guessed from vague words: what no rule here settles stays
//! unknown, and the scenario says so.

use std::fmt::Write;

use super::{Format, ImportedService};
use crate::scenario::model::{Kind, Runtime};

/// Official language images (the repository part of an image reference, registry
/// and tag removed) and the runtime each runs.
const IMAGES: [(&str, Runtime); 22] = [
    ("node", Runtime::Node),
    ("oven/bun", Runtime::Bun),
    ("denoland/deno", Runtime::Deno),
    ("python", Runtime::Python),
    ("pypy", Runtime::Python),
    ("golang", Runtime::Go),
    ("ruby", Runtime::Ruby),
    ("rust", Runtime::Rust),
    ("openjdk", Runtime::Jvm),
    ("eclipse-temurin", Runtime::Jvm),
    ("amazoncorretto", Runtime::Jvm),
    ("maven", Runtime::Jvm),
    ("gradle", Runtime::Jvm),
    ("php", Runtime::Php),
    ("composer", Runtime::Php),
    ("elixir", Runtime::Elixir),
    ("erlang", Runtime::Elixir),
    ("hexpm/elixir", Runtime::Elixir),
    ("dotnet/aspnet", Runtime::Dotnet),
    ("dotnet/runtime", Runtime::Dotnet),
    ("dotnet/sdk", Runtime::Dotnet),
    ("tomcat", Runtime::Jvm),
];

/// Programs a command starts and the runtime each is (the first word of the
/// command, or after `bundle exec` / `npx` / `poetry run`).
const PROGRAMS: [(&str, Runtime); 20] = [
    ("node", Runtime::Node),
    ("npm", Runtime::Node),
    ("npx", Runtime::Node),
    ("yarn", Runtime::Node),
    ("pnpm", Runtime::Node),
    ("bun", Runtime::Bun),
    ("deno", Runtime::Deno),
    ("python", Runtime::Python),
    ("python3", Runtime::Python),
    ("gunicorn", Runtime::Python),
    ("uvicorn", Runtime::Python),
    ("rails", Runtime::Ruby),
    ("puma", Runtime::Ruby),
    ("bundle", Runtime::Ruby),
    ("java", Runtime::Jvm),
    ("php", Runtime::Php),
    ("php-fpm", Runtime::Php),
    ("mix", Runtime::Elixir),
    ("iex", Runtime::Elixir),
    ("dotnet", Runtime::Dotnet),
];

/// Images of servers whose purpose is holding connections open, each with what its
/// own documentation calls it.
const LONG_LIVED_IMAGES: [(&str, &str); 8] = [
    ("centrifugo/centrifugo", "Centrifugo, a real-time messaging server over WebSocket (centrifugal.dev)"),
    ("quay.io/soketi/soketi", "soketi, a Pusher-protocol WebSocket server (docs.soketi.app)"),
    ("soketi/soketi", "soketi, a Pusher-protocol WebSocket server (docs.soketi.app)"),
    ("livekit/livekit-server", "LiveKit, a WebRTC media server (docs.livekit.io)"),
    ("eclipse-mosquitto", "Eclipse Mosquitto, an MQTT broker (mosquitto.org)"),
    ("emqx/emqx", "EMQX, an MQTT broker (emqx.io)"),
    ("emqx", "EMQX, an MQTT broker (emqx.io)"),
    ("nats", "NATS, a messaging server clients stay connected to (nats.io)"),
];

/// The repository of an image reference: `docker.io/library/node:20-alpine` → `node`.
fn repository(image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last_colon = no_digest.rfind(':').filter(|i| !no_digest[*i..].contains('/'));
    let name = last_colon.map(|i| &no_digest[..i]).unwrap_or(no_digest).to_lowercase();
    let name = name.strip_prefix("docker.io/").unwrap_or(&name);
    let name = name.strip_prefix("library/").unwrap_or(name);
    let name = name.strip_prefix("mcr.microsoft.com/").unwrap_or(name);
    name.to_string()
}

/// The runtime an official language image runs, if the image is one.
pub fn image_runtime(image: &str) -> Option<Runtime> {
    let repo = repository(image);
    IMAGES.iter().find(|(name, _)| *name == repo).map(|(_, r)| *r)
}

/// The runtime the program a command starts is, if the command names one plainly.
pub fn command_runtime(command: &str) -> Option<Runtime> {
    let mut words = command.split_whitespace().map(|w| w.rsplit('/').next().unwrap_or(w));
    let first = words.next()?;
    let program = match first {
        "exec" | "env" => words.next()?,
        p => p,
    };
    PROGRAMS.iter().find(|(name, _)| *name == program).map(|(_, r)| *r)
}

/// The runtime of a service from its image, else its command.
pub fn runtime_of(image: Option<&str>, command: &str) -> Option<Runtime> {
    image.and_then(image_runtime).or_else(|| command_runtime(command))
}

/// A Render `runtime` (or legacy `env`) as a runtime: `docker` and `image` say
/// nothing about the language (`None`), nor does `static`.
pub fn render_runtime(name: &str) -> Option<Runtime> {
    match name {
        "node" => Some(Runtime::Node),
        "python" => Some(Runtime::Python),
        "ruby" => Some(Runtime::Ruby),
        "go" => Some(Runtime::Go),
        "rust" => Some(Runtime::Rust),
        "elixir" => Some(Runtime::Elixir),
        _ => None,
    }
}

/// A `vercel.json` function `runtime` (a runtime package such as `vercel-php@0.7.3`
/// or `@vercel/python`) as a runtime, when its name says which.
pub fn vercel_runtime(package: &str) -> Option<Runtime> {
    let name = package.to_lowercase();
    let name = name.rsplit_once('@').map(|(n, _)| n).filter(|n| !n.is_empty()).unwrap_or(&name).to_string();
    let words: Vec<&str> = name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |w: &str| words.contains(&w);
    [
        ("php", Runtime::Php),
        ("deno", Runtime::Deno),
        ("bun", Runtime::Bun),
        ("python", Runtime::Python),
        ("go", Runtime::Go),
        ("ruby", Runtime::Ruby),
        ("rust", Runtime::Rust),
        ("node", Runtime::Node),
        ("nodejs", Runtime::Node),
    ]
    .into_iter()
    .find(|(w, _)| has(w))
    .map(|(_, r)| r)
}

/// Why an image holds long-lived connections, when it is a known server of that kind.
pub fn long_lived_image(image: &str) -> Option<&'static str> {
    let repo = repository(image);
    LONG_LIVED_IMAGES.iter().find(|(name, _)| *name == repo).map(|(_, why)| *why)
}

/// Writes what the config settles about how `s` runs (`runtime`,
/// `long_lived_connections`, `max_duration_s`) into its `[[service]]` table, and
/// states as an assumption what it leaves unknown for a service the Vercel + Fly
/// hybrid could put on Vercel (a front end outside a `vercel.json` project).
pub fn emit(t: &mut String, s: &ImportedService, assumptions: &mut Vec<String>) {
    if let Some(r) = s.runtime {
        let _ = writeln!(t, "runtime = \"{}\"  # named by the config", r.as_str());
    }
    if let Some(why) = &s.long_lived {
        let _ = writeln!(t, "long_lived_connections = true  # {why}");
    }
    if let Some(d) = s.max_duration_s {
        let _ = writeln!(t, "max_duration_s = {}  # the functions' maxDuration", super::emit::num(d));
    }
    if s.frontend.is_none() || s.format == Format::Vercel || !matches!(s.kind, Kind::Web | Kind::Static) {
        return;
    }
    let mut unknown = Vec::new();
    if s.long_lived.is_none() {
        unknown.push("whether it holds long-lived connections (websockets): taken as not; set `long_lived_connections = true` if it does");
    }
    if s.runtime.is_none() {
        unknown.push("its runtime: taken as one Vercel runs; set `runtime` if not");
    }
    for u in unknown {
        let _ = writeln!(t, "# assumed: the config does not say {u}");
        assumptions.push(format!("`{}`: the config does not say {u}", s.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_commands_name_their_runtime_plainly() {
        assert_eq!(image_runtime("ruby:3.3"), Some(Runtime::Ruby));
        assert_eq!(image_runtime("docker.io/library/node:20-alpine"), Some(Runtime::Node));
        assert_eq!(image_runtime("mcr.microsoft.com/dotnet/aspnet:8.0"), Some(Runtime::Dotnet));
        assert_eq!(image_runtime("registry:5000/myapp:latest"), None);
        assert_eq!(image_runtime("ghcr.io/acme/api:1.2"), None);
        assert_eq!(command_runtime("bundle exec rails server -b 0.0.0.0"), Some(Runtime::Ruby));
        assert_eq!(command_runtime("/usr/local/bin/gunicorn app:app"), Some(Runtime::Python));
        assert_eq!(command_runtime("mix phx.server"), Some(Runtime::Elixir));
        // a vague or unknown command settles nothing
        assert_eq!(command_runtime("./start.sh"), None);
        assert_eq!(command_runtime(""), None);
        assert_eq!(runtime_of(Some("acme/app"), "npx next start"), Some(Runtime::Node));
    }

    #[test]
    fn render_and_vercel_runtimes() {
        assert_eq!(render_runtime("elixir"), Some(Runtime::Elixir));
        assert_eq!(render_runtime("docker"), None);
        assert_eq!(vercel_runtime("vercel-php@0.7.3"), Some(Runtime::Php));
        assert_eq!(vercel_runtime("@vercel/python@4.1.0"), Some(Runtime::Python));
        assert_eq!(vercel_runtime("vercel-deno@3.0.0"), Some(Runtime::Deno));
        assert_eq!(vercel_runtime("community-thing@1.0.0"), None);
    }

    #[test]
    fn only_known_real_time_servers_are_long_lived() {
        assert!(long_lived_image("centrifugo/centrifugo:v5").is_some_and(|w| w.contains("WebSocket")));
        assert!(long_lived_image("eclipse-mosquitto:2").is_some_and(|w| w.contains("MQTT")));
        // a name with "socket" or "realtime" in it is not enough
        assert_eq!(long_lived_image("acme/realtime-socket-api:1"), None);
        assert_eq!(long_lived_image("node:20"), None);
    }
}
