//! Bounded work at the edges: a download that drips is cut off at one deadline,
//! numeric flags outside their documented ranges are usage errors, `${VAR}`
//! interpolation shares the expansion budget, files of any kind are read with the
//! size cap (FIFOs and devices refused), and names have a length cap.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::prices::{fetch, installed, stderr, unchanged};

/// What the dripping server sends slowly.
#[derive(Clone, Copy)]
enum Drip {
    /// The status line and headers whole (a 100,000-byte body announced), then the
    /// body a byte every half second.
    Body,
    /// The status line and headers themselves a byte every half second.
    Headers,
}

/// Serves one connection on 127.0.0.1 that drips as `drip` says, for at most 20
/// seconds or until the client goes away. Returns the base URL.
fn drip_server(drip: Drip) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().map(|a| a.port()).expect("port");
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
        read_request(&mut stream);
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n";
        let (whole, dripped) = match drip {
            Drip::Body => (head.to_string(), "#".repeat(100_000)),
            Drip::Headers => (String::new(), head.to_string()),
        };
        if stream.write_all(whole.as_bytes()).and_then(|_| stream.flush()).is_err() {
            return;
        }
        let end = Instant::now() + Duration::from_secs(20);
        for b in dripped.bytes() {
            if Instant::now() > end || stream.write_all(&[b]).and_then(|_| stream.flush()).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// Reads the request up to the blank line after its headers.
fn read_request(stream: &mut TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let (mut req, mut buf) = (Vec::new(), [0u8; 1024]);
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
}

#[test]
fn a_download_that_drips_ends_at_the_timeout() {
    for drip in [Drip::Body, Drip::Headers] {
        let (dir, old) = installed();
        let base = drip_server(drip);
        let started = Instant::now();
        let out = fetch(dir.path(), &[&format!("{base}/fly-io.toml")], &["--timeout", "2"]);
        let took = started.elapsed();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        // each byte comes within half a second, so only a deadline on the whole
        // transfer ends it: 2 s, and the time to start the binary on a busy machine
        // (the server itself gives up after 20 s)
        assert!(took < Duration::from_secs(8), "took {took:?}");
        assert!(took >= Duration::from_secs(2), "took {took:?}");
        let err = stderr(&out);
        assert!(err.contains("fly-io.toml") && err.contains("timed out") && err.contains("--timeout"), "{err}");
        assert!(err.contains("nothing was changed"), "{err}");
        unchanged(dir.path(), &old);
    }
}

/// Runs the binary in `dir` on `args`.
fn hostcast(dir: &Path, args: &[&str]) -> Output {
    crate::helpers::hostcast().args(args).current_dir(dir).env("HOSTCAST_TODAY", "2026-12-01").output().expect("runs")
}

#[test]
fn numeric_flags_past_their_ranges_are_usage_errors() {
    let dir = tempfile::tempdir().expect("dir");
    fn fetch<'a>(flag: &'a str, value: &'a str) -> Vec<&'a str> {
        vec!["pricing", "fetch", "http://example.com/fly-io.toml", "--into", "books", flag, value]
    }
    fn budget(value: &str) -> Vec<&str> {
        vec!["budget", "missing.toml", "--max", value]
    }
    // (arguments, the exit code, a fragment of the first line of standard error)
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (fetch("--timeout", "9223372036854775807"), 2, "is not in 1..=3600"),
        (fetch("--timeout", "18446744073709551616"), 2, "--timeout"),
        (fetch("--timeout", "0"), 2, "is not in 1..=3600"),
        (fetch("--timeout", "3601"), 2, "is not in 1..=3600"),
        (fetch("--max-bytes", "18446744073709551615"), 2, "is not in 1..=33554432"),
        (fetch("--max-bytes", "33554433"), 2, "is not in 1..=33554432"),
        (fetch("--max-bytes", "0"), 2, "is not in 1..=33554432"),
        (vec!["pricing", "update", "--max-bytes", "-1"], 2, "unexpected argument '-1'"),
        (vec!["pricing", "--max-age-days", "36501"], 2, "is not in 0..=36500"),
        (vec!["compare", "missing.toml", "--max-age-days", "4294967296"], 2, "--max-age-days"),
        (budget("NaN"), 2, "is not a finite number"),
        (budget("inf"), 2, "is not a finite number"),
        (vec!["budget", "missing.toml", "--max=-inf"], 2, "is not a finite number"),
        (budget("1e309"), 2, "is not a finite number"),
        (budget("1.000001e12"), 2, "is outside 0 to 1,000,000,000,000"),
        (vec!["budget", "missing.toml", "--max=-0.01"], 2, "is outside 0 to 1,000,000,000,000"),
        // at the bounds the flags are taken, and the run goes on to its own error
        (fetch("--timeout", "3600"), 1, "plain HTTP is refused"),
        (fetch("--timeout", "1"), 1, "plain HTTP is refused"),
        (fetch("--max-bytes", "33554432"), 1, "plain HTTP is refused"),
        (fetch("--max-bytes", "1"), 1, "plain HTTP is refused"),
        (vec!["pricing", "--max-age-days", "36500"], 0, ""),
        (vec!["pricing", "--max-age-days", "0"], 0, ""),
        (budget("1e12"), 1, "missing.toml"),
        (budget("0"), 1, "missing.toml"),
    ];
    for (args, code, fragment) in cases {
        let out = hostcast(dir.path(), &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.lines().next().unwrap_or_default().contains(fragment), "{args:?}: {err}");
    }
    // each range is stated in the help
    let help = String::from_utf8_lossy(&hostcast(dir.path(), &["pricing", "fetch", "--help"]).stdout).to_string();
    assert!(help.contains("(1 to 3,600)") && help.contains("(1 to 33,554,432"), "{help}");
}

#[test]
fn interpolation_past_the_expansion_budget_is_a_located_error() {
    let dir = tempfile::tempdir().expect("dir");
    // a 64 KiB value used 40,000 times in one string: 2.6 GB once substituted
    std::fs::write(dir.path().join("big.env"), format!("BIG={}\n", "x".repeat(1 << 16))).expect("writes");
    let compose = format!("services:\n  web:\n    image: nginx\n    command: \"{}\"\n", "${BIG}".repeat(40_000));
    std::fs::write(dir.path().join("docker-compose.yml"), compose).expect("writes");
    let started = Instant::now();
    let out = hostcast(dir.path(), &["estimate", "--env-file", "big.env", "docker-compose.yml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: docker-compose.yml:4:14: interpolating `${BIG}` here"), "{err}");
    assert!(err.contains("past hostcast's budget of 16777216 bytes") && err.contains("MAX_EXPANSION_BYTES"), "{err}");
    assert!(err.contains("help: a long value used many times multiplies: shorten `BIG`"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    // the budget is the file's: 200 uses in each of two services (25 MiB in all) cross it
    // in the second
    let one = format!("\"{}\"", "${BIG}".repeat(200));
    let compose = format!("services:\n  a:\n    image: nginx\n    command: {one}\n  b:\n    image: nginx\n    command: {one}\n");
    std::fs::write(dir.path().join("docker-compose.yml"), compose).expect("writes");
    let out = hostcast(dir.path(), &["estimate", "--env-file", "big.env", "docker-compose.yml"]);
    assert!(stderr(&out).starts_with("error: docker-compose.yml:7:14: "), "{}", stderr(&out));
    // within it, the same value is used as written
    std::fs::write(dir.path().join("docker-compose.yml"), format!("services:\n  a:\n    image: nginx\n    command: {one}\n")).expect("writes");
    let out = hostcast(dir.path(), &["import", "--env-file", "big.env", "docker-compose.yml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A small valid scenario.
const SCENARIO: &str = "[scenario]\nname = \"Valid\"\n\n[[service]]\nname = \"api\"\nkind = \"api\"\nrequests_per_user_day = 10\n\n[[stage]]\nname = \"MVP\"\nusers = 100\ndaily_active = 0.5\n\n[[option]]\nname = \"Fly.io\"\nplatform = \"fly\"\n";

/// Runs the binary in `dir` on `args` with `stdin`, killed (and the test failed)
/// if it has not ended within 20 seconds: a read that blocks must not hang the tests.
#[cfg(unix)]
fn hostcast_within(dir: &Path, args: &[&str], stdin: std::process::Stdio) -> Output {
    let mut child = crate::helpers::hostcast()
        .args(args)
        .current_dir(dir)
        .env("HOSTCAST_TODAY", "2026-12-01")
        .stdin(stdin)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let end = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("waits").is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} did not end within 20 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn files_of_every_kind_are_read_with_the_cap_and_fifos_and_devices_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    std::fs::write(d.join("s.toml"), SCENARIO).expect("writes");
    std::fs::write(d.join("docker-compose.yml"), "services:\n  web:\n    image: nginx\n").expect("writes");
    std::fs::create_dir_all(d.join("books")).expect("dir");
    let made = std::process::Command::new("mkfifo").arg(d.join("pipe.toml")).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo");
    let null = std::process::Stdio::null;
    // (arguments, the start of the first line of standard error)
    let cases: [(&[&str], &str); 7] = [
        (&["compare", "s.toml", "--overlay", "/dev/zero"], "error: /dev/zero:1:1: the overlay is a character device, not a regular file"),
        (&["pricing", "diff", "/dev/zero", "/dev/zero"], "error: /dev/zero:1:1: the price book is a character device"),
        (&["estimate", "--env-file", "/dev/zero", "docker-compose.yml"], "error: /dev/zero:1:1: the env file is a character device"),
        (&["compare", "pipe.toml"], "error: pipe.toml:1:1: the scenario is a FIFO (named pipe), not a regular file"),
        (&["compare", "s.toml", "--overlay", "pipe.toml"], "error: pipe.toml:1:1: the overlay is a FIFO (named pipe)"),
        (&["import", "docker-compose.yml", "--usage", "pipe.toml"], "error: pipe.toml:1:1: the usage file is a FIFO (named pipe)"),
        (&["compare", "books"], "error: books:1:1: the scenario is a folder, not a regular file"),
    ];
    for (args, want) in cases {
        let out = hostcast_within(d, args, null());
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with(want), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("help: "), "{args:?}: {}", stderr(&out));
    }
    // an open descriptor (a shell's `<(…)`) is read like `-`: whole when small, and
    // never past the cap when endless
    let file = |name: &str| std::process::Stdio::from(std::fs::File::open(d.join(name)).expect("opens"));
    let out = hostcast_within(d, &["compare", "/dev/stdin"], file("s.toml"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let zero = std::process::Stdio::from(std::fs::File::open("/dev/zero").expect("opens"));
    let out = hostcast_within(d, &["compare", "s.toml", "--overlay", "/dev/stdin"], zero);
    assert!(stderr(&out).starts_with("error: /dev/stdin:1:1: the input is more than 33554432 bytes"), "{}", stderr(&out));
    let zero = std::process::Stdio::from(std::fs::File::open("/dev/zero").expect("opens"));
    let out = hostcast_within(d, &["compare", "-"], zero);
    assert!(stderr(&out).starts_with("error: <stdin>:1:1: the input is more than 33554432 bytes"), "{}", stderr(&out));
    assert!(stderr(&out).contains("MAX_FILE_BYTES"), "{}", stderr(&out));
}

#[test]
fn names_past_the_length_cap_are_located_errors() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |text: &str| {
        std::fs::write(dir.path().join("s.toml"), text).expect("writes");
        hostcast(dir.path(), &["compare", "s.toml"])
    };
    let named = |old: &str, new: &str| SCENARIO.replacen(old, new, 1);
    let long = |n: usize| "n".repeat(n);
    let pin = |size: &str| format!("{SCENARIO}\n[option.service.api]\nsize = \"{size}\"\n");
    // (the scenario, where the error is, what it names)
    let cases: Vec<(String, &str, &str)> = vec![
        (named("\"Valid\"", &format!("\"{}\"", long(201))), "s.toml:2:8: the scenario name `nnnn", "is 201 characters long"),
        (named("name = \"api\"", &format!("name = \"{}\"", long(201))), "s.toml:5:8: a service name", "is 201 characters long"),
        (named("\"MVP\"", &format!("\"{}\"", "é".repeat(201))), "s.toml:10:8: a stage name `éééé", "is 201 characters long"),
        (named("\"Fly.io\"", &format!("\"{}\"", long(2_000_000))), "s.toml:15:8: an option name", "is 2000000 characters long"),
        (pin(&long(201)), "s.toml:19:8: the `size` `nnnn", "is 201 characters long"),
    ];
    for (text, at, fragment) in cases {
        let started = Instant::now();
        let out = run(&text);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{at}: {err}");
        assert!(err.starts_with(&format!("error: {at}")) && err.contains(fragment), "want {at} … {fragment}: {err}");
        assert!(err.contains("past hostcast's cap of 200 (`MAX_NAME_CHARS`)") && err.contains("help: shorten it"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(10), "{at}: {:?}", started.elapsed());
    }
    // 200 characters (of any width) are within the cap
    let at_cap = named("\"MVP\"", &format!("\"{}\"", "é".repeat(200))).replacen("\"Fly.io\"", &format!("\"{}\"", long(200)), 1);
    let out = run(&at_cap);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // a name from a config is refused where the config gives it
    let compose = format!("services:\n  web:\n    image: nginx\n  {}:\n    image: nginx\n", long(201));
    std::fs::write(dir.path().join("docker-compose.yml"), compose).expect("writes");
    for command in ["estimate", "import"] {
        let out = hostcast(dir.path(), &[command, "docker-compose.yml"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).starts_with("error: docker-compose.yml:5:5: the service name `nnnn"), "{command}: {}", stderr(&out));
    }
}
