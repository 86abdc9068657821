//! `pricing fetch` and `pricing rollback`: downloading price books over HTTPS
//! (rustls; plain HTTP only to a loopback address), validating each one whole,
//! and replacing the old file atomically with the previous one kept as
//! `NAME.toml.prev`.
//!
//! Every book is downloaded and validated before any file changes: a failure at
//! any step (URL, connection, timeout, size, redirect, TOML, a price, a date)
//! leaves every file as it was and names the step.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{PriceBook, parse_book};

/// Limits of a download.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time to connect.
    pub connect: Duration,
    /// Time for the whole transfer: connecting, the headers and the body, one deadline.
    pub total: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { connect: Duration::from_secs(10), total: Duration::from_secs(30), max_bytes: 1 << 20 }
    }
}

/// A downloaded, validated book, ready to write.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL it came from.
    pub url: String,
    /// The file name it is written as (`fly-io.toml`).
    pub file_name: String,
    /// The book's text, byte for byte as served.
    pub text: String,
    /// The parsed book.
    pub book: PriceBook,
}

/// Checks that `url` may be fetched: `https://`, or `http://` to a loopback host.
/// Nothing is sent when it may not.
pub fn check_url(url: &str) -> Result<reqwest::Url, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        "http" => Err(format!("`{url}`: plain HTTP is refused (only HTTPS, or HTTP to a loopback address for tests); nothing was sent")),
        other => Err(format!("`{url}`: scheme `{other}` is not supported: use https://")),
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    url.host_str().is_some_and(|h| h == "localhost" || h.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()))
}

/// Downloads the body of `url` within `limits`; redirects are followed only to HTTPS.
///
/// `limits.total` is one deadline for the whole transfer, from the first connection
/// attempt to the last byte of the body (redirects included): a server that sends
/// its headers or its body a byte at a time is cut off when it passes, not after
/// each slow read.
pub fn download(url: &str, limits: Limits) -> Result<String, String> {
    let parsed = check_url(url)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| format!("cannot start the HTTP client: {e}"))?;
    let transfer = runtime.block_on(async { tokio::time::timeout(limits.total, transfer(url, parsed, limits)).await });
    let body = transfer.map_err(|_| {
        format!(
            "`{url}`: timed out: the download did not finish within {} (`--timeout` bounds the whole transfer); try again, or allow more with `--timeout SECS`",
            seconds(limits.total)
        )
    })??;
    String::from_utf8(body).map_err(|_| format!("`{url}`: the body is not UTF-8 text"))
}

/// `30 s`, `1.5 s`.
fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// Connects, sends the request and reads the body of at most `limits.max_bytes`.
async fn transfer(url: &str, parsed: reqwest::Url, limits: Limits) -> Result<Vec<u8>, String> {
    let client = client(limits)?;
    let mut response = client.get(parsed).send().await.map_err(|e| format!("`{url}`: {}", describe(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("`{url}`: the server answered {status}"));
    }
    if let Some(len) = response.content_length()
        && len > limits.max_bytes
    {
        return Err(format!("`{url}`: the body is {len} bytes, over the {}-byte limit", limits.max_bytes));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| format!("`{url}`: the download broke off: {}", describe(&e)))? {
        if (body.len() + chunk.len()) as u64 > limits.max_bytes {
            return Err(format!("`{url}`: the body is over the {}-byte limit", limits.max_bytes));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The HTTP client: rustls, the connect limit, redirects only to HTTPS.
fn client(limits: Limits) -> Result<reqwest::Client, String> {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= 5 {
            attempt.error("more than 5 redirects")
        } else if attempt.url().scheme() != "https" {
            let to = attempt.url().to_string();
            attempt.error(format!("redirect to `{to}` refused: redirects are followed only to HTTPS"))
        } else {
            attempt.follow()
        }
    });
    // the whole transfer is bounded by the caller's one deadline; a shorter limit on
    // connecting comes on top (the same one would race it with a vaguer message)
    let builder = reqwest::Client::builder();
    let builder = if limits.connect < limits.total { builder.connect_timeout(limits.connect) } else { builder };
    builder.redirect(policy).user_agent(concat!("hostcast/", env!("CARGO_PKG_VERSION"))).build().map_err(|e| format!("cannot start the HTTP client: {e}"))
}

fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "cannot connect".to_string()
    } else if e.is_redirect() {
        "redirect refused".to_string()
    } else {
        "request failed".to_string()
    };
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

/// Downloads and validates one book: the whole book's checks, `as_of` not after `today`.
pub fn fetch(url: &str, today: &str, limits: Limits) -> Result<Fetched, String> {
    let text = download(url, limits)?;
    let file_name = file_name(url);
    let book = parse_book(Path::new(url), &text).map_err(|d| format!("the book from {d}"))?;
    if let Some(first) = super::units::problems(&book).first() {
        return Err(format!("`{url}`: {first}"));
    }
    let as_of = book.as_of_text();
    match (crate::dates::day_number(&as_of), crate::dates::day_number(today)) {
        (Some(a), Some(t)) if a <= t => {}
        (Some(_), Some(_)) => return Err(format!("`{url}`: its `as_of` {as_of} is after today ({today}): a book cannot hold evidence from the future")),
        _ => return Err(format!("`{url}`: its `as_of` `{as_of}` is not a date (YYYY-MM-DD)")),
    }
    let file_name = file_name.unwrap_or_else(|| format!("{}.toml", book.provider));
    Ok(Fetched { url: url.to_string(), file_name, text, book })
}

/// The URL's last path segment when it is a plain `NAME.toml`.
fn file_name(url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let last = parsed.path_segments()?.next_back()?.to_string();
    let stem = last.strip_suffix(".toml")?;
    (!stem.is_empty() && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then_some(last)
}

/// Writes every fetched book into `dir`: first every new file and every `.prev`
/// copy beside it as temporary files, then one rename each. Returns the written paths.
pub fn install(dir: &Path, books: &[Fetched]) -> Result<Vec<PathBuf>, String> {
    fs_err::create_dir_all(dir).map_err(|e| format!("cannot create the folder: {e}"))?;
    let mut staged = Vec::new();
    for f in books {
        let target = dir.join(&f.file_name);
        let new = stage(dir, f.text.as_bytes())?;
        let prev = match target.try_exists() {
            Ok(false) => None,
            _ => Some(stage(dir, &read_bytes(&target, "the current book")?)?),
        };
        staged.push((target, new, prev));
    }
    let mut written = Vec::new();
    for (target, new, prev) in staged {
        if let Some(prev) = prev {
            let prev_path = prev_path(&target);
            prev.persist(&prev_path).map_err(|e| format!("cannot keep {}: {e}", prev_path.display()))?;
        }
        new.persist(&target).map_err(|e| format!("cannot replace {}: {e}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

fn stage(dir: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, String> {
    use std::io::Write;
    let mut tmp =
        tempfile::Builder::new().prefix(".hostcast-").suffix(".tmp").tempfile_in(dir).map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_all()).map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    Ok(tmp)
}

/// A file of the books' folder, read with the size cap whatever its kind.
fn read_bytes(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    crate::limits::read_bytes(path, what).map_err(|d| d.to_string())
}

/// `NAME.toml.prev` beside `NAME.toml`.
pub fn prev_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".prev");
    path.with_file_name(name)
}

/// Puts `NAME.toml.prev` back in place of the book of `provider` (its provider id
/// or file stem) in `dir`; the replaced file becomes the new `.prev`, so a second
/// rollback undoes the first.
pub fn rollback(dir: &Path, provider: &str) -> Result<PathBuf, String> {
    let entries = fs_err::read_dir(dir).map_err(|e| format!("cannot read the folder: {e}"))?;
    let mut books: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    books.sort();
    let found = books.into_iter().find(|p| {
        p.file_stem().is_some_and(|s| s == provider)
            || crate::limits::read_text(p, "the book")
                .ok()
                .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
                .is_some_and(|t| t.get("provider").and_then(|v| v.as_str()) == Some(provider))
    });
    let Some(target) = found else { return Err(format!("no book of provider `{provider}` in {}", dir.display())) };
    let prev = prev_path(&target);
    if !prev.try_exists().unwrap_or(true) {
        return Err(format!("no previous version ({}) to restore", prev.display()));
    }
    let old = read_bytes(&prev, "the previous version")?;
    let text = String::from_utf8(old.clone()).map_err(|_| format!("{} is not UTF-8 text", prev.display()))?;
    parse_book(&prev, &text).map_err(|d| format!("the previous version is not a valid book: {d}"))?;
    let current = read_bytes(&target, "the current book")?;
    let new = stage(dir, &old)?;
    let swapped = stage(dir, &current)?;
    new.persist(&target).map_err(|e| format!("cannot restore {}: {e}", target.display()))?;
    swapped.persist(&prev).map_err(|e| format!("cannot keep {}: {e}", prev.display()))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_plain_http_to_loopback_is_fetched() {
        for ok in ["https://example.com/fly-io.toml", "http://127.0.0.1:8080/a.toml", "http://[::1]/a.toml", "http://localhost/a.toml", "http://127.1.2.3/a"] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for refused in ["http://example.com/fly-io.toml", "http://10.0.0.1/a.toml", "ftp://example.com/a.toml", "file:///etc/passwd", "fly-io.toml"] {
            assert!(check_url(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn a_file_name_is_taken_from_the_url_only_when_plain() {
        assert_eq!(file_name("https://example.com/books/fly-io.toml?x=1").as_deref(), Some("fly-io.toml"));
        assert_eq!(file_name("https://example.com/books/latest"), None);
        assert_eq!(file_name("https://example.com/books/..%2Fetc.toml"), None);
        assert_eq!(prev_path(Path::new("/d/fly-io.toml")), Path::new("/d/fly-io.toml.prev"));
    }
}
