//! Bounded work at the edges: a download that drips is cut off at one deadline,
//! numeric flags outside their documented ranges are usage errors, `${VAR}`
//! interpolation shares the expansion budget, files of any kind are read with the
//! size cap (FIFOs and devices refused), and names have a length cap.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
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
        // transfer ends it: 2 s, and the time to start the binary
        assert!(took < Duration::from_secs(5), "took {took:?}");
        assert!(took >= Duration::from_secs(2), "took {took:?}");
        let err = stderr(&out);
        assert!(err.contains("fly-io.toml") && err.contains("timed out") && err.contains("--timeout"), "{err}");
        assert!(err.contains("nothing was changed"), "{err}");
        unchanged(dir.path(), &old);
    }
}
