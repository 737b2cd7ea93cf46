//! The guide as a site (`docs --html`): every link and image resolves, and
//! in a real browser, served over loopback HTTP under each page's
//! Content-Security-Policy and with no access to files, every page loads
//! without a console error or a refused resource and every picture renders
//! with a size.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use flowcred_tests::{flowcred, root};

/// Builds the site into `dir`.
fn build(dir: &Path) {
    let out = flowcred(&["docs", "--html", &dir.to_string_lossy()]);
    assert_eq!(out.exit, flowcred::cli::Exit::Ok, "{}", out.stderr);
}

/// The `href` and `src` values of an HTML page.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_owned());
            }
        }
    }
    out
}

#[test]
fn every_link_and_image_of_the_site_resolves_offline() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("site");
    build(&dir);
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.contains("index.html") && files.contains("search.js"));
    let mut checked = 0;
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(dir.join(file)).unwrap();
        for reference in references(&html) {
            if reference.starts_with("https://") {
                // Citations open in the reader's browser; nothing loads from them.
                continue;
            }
            assert!(
                !reference.starts_with("http:") && !reference.starts_with("//"),
                "{file}: {reference}"
            );
            let target = reference.split('#').next().unwrap();
            if !target.is_empty() {
                assert!(files.contains(target), "{file} links to a missing `{reference}`");
                checked += 1;
            }
        }
        // Only local scripts and styles: the site works offline.
        assert!(!html.contains("<script src=\"http") && !html.contains("stylesheet\" href=\"http"));
    }
    assert!(checked > 1000, "{checked}");
    // The provenance marks show on the site as on the pages.
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains("<strong>modelled</strong>") || index.contains("modelled"), "marks");
}

/// Serves `dir` over HTTP on a loopback port until the test ends: each
/// request's file, by its name, with its type; nothing outside `dir`.
fn serve(dir: &Path) -> std::net::SocketAddr {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().unwrap();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // The headers, up to the blank line.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split(' ').nth(1).unwrap_or("/");
            let name = path.trim_start_matches('/').split(['?', '#']).next().unwrap_or("");
            let name = if name.is_empty() { "index.html" } else { name };
            let safe = !name.contains('/') && !name.contains("..");
            let body = safe.then(|| std::fs::read(dir.join(name)).ok()).flatten();
            let kind = match name.rsplit('.').next() {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            let mut stream = &stream;
            let _ = match body {
                Some(body) => stream
                    .write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .as_bytes(),
                    )
                    .and_then(|()| stream.write_all(&body)),
                None => stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ),
            };
        }
    });
    addr
}

/// The Chromium binary, if the machine has one.
fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

#[test]
#[ignore = "needs Chromium (Debian's `chromium` package); .ci/run installs it and runs this"]
fn the_site_loads_in_a_real_browser() {
    let browser = chromium().expect(
        "the browser test needs Chromium: `apt-get install chromium` (as .ci/run does), then run with --ignored",
    );
    // Under the target folder, so a person can look at the site and the
    // screenshots after CI.
    let base = root().join("target/guide-site");
    let _ = std::fs::remove_dir_all(&base);
    let dir = base.join("site");
    build(&dir);
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".html"))
        .collect();
    pages.sort();
    // One browser run loads every page in turn in a frame and writes what
    // each page's own check found (every image loaded with a size) into
    // the harness, which the browser then prints.
    let list = serde_json::to_string(&pages).unwrap();
    let harness = format!(
        r#"<!DOCTYPE html><html><body><pre id="out"></pre><iframe id="f" width="1200" height="900"></iframe>
<script>
var pages = {list}, i = 0, lines = [];
var frame = document.getElementById('f');
function next() {{
  if (i >= pages.length) {{ document.getElementById('out').textContent = lines.join('\n') + '\nDONE'; return; }}
  frame.onload = function () {{
    setTimeout(function () {{
      var doc = frame.contentDocument;
      var state = doc && doc.body ? doc.body.getAttribute('data-images') : 'no document';
      lines.push(pages[i] + ' ' + state);
      i += 1; next();
    }}, 50);
  }};
  frame.src = pages[i];
}}
next();
</script></body></html>"#
    );
    std::fs::write(dir.join("harness-check.html"), harness).unwrap();
    // Served over HTTP on loopback, as a published site is: the browser
    // gets no access to files, and each page's Content-Security-Policy
    // applies as it would there.
    let server = serve(&dir);
    let run = |args: &[&str]| {
        let out = Command::new(&browser)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .args(["--enable-logging=stderr", "--v=0"])
            .args(args)
            .output()
            .expect("chromium runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let url = |file: &str| format!("http://{}/{file}", server);
    let (dom, log) =
        run(&["--virtual-time-budget=60000", "--dump-dom", &url("harness-check.html")]);
    assert!(dom.contains("DONE"), "the harness did not finish:\n{dom}\n{log}");
    for page in &pages {
        assert!(
            dom.contains(&format!("{page} ok")),
            "{page}: {}",
            dom.lines().find(|l| l.starts_with(page.as_str())).unwrap_or("not loaded")
        );
    }
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") && (l.contains("Uncaught") || l.contains("rror")))
        .chain(log.lines().filter(|l| l.contains("Content Security Policy")))
        .collect();
    assert!(errors.is_empty(), "console errors:\n{}", errors.join("\n"));
    for (page, shot) in
        [("index.html", "index.png"), ("error-WindowsIdentityIncorrect.html", "error-page.png")]
    {
        let path = base.join(shot);
        let arg = format!("--screenshot={}", path.display());
        run(&["--window-size=1280,1600", &arg, &url(page)]);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(size > 10_000, "{shot}: {size} bytes");
    }
}
