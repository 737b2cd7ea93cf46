//! Helpers for flowcred's integration tests: where the workspace is, and how
//! to run the CLI in process and capture what it writes.

use std::path::{Path, PathBuf};

use flowcred::cli::{self, Exit, Io};
use flowcred::report::Style;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// What one CLI invocation produced.
#[derive(Debug)]
pub struct Output {
    pub exit: Exit,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `flowcred ARGS` in process, with the workspace root as the base of
/// relative paths, and no colour.
pub fn flowcred(args: &[&str]) -> Output {
    flowcred_with_input(args, b"")
}

/// Runs `flowcred ARGS` with `input` as its standard input.
pub fn flowcred_with_input(args: &[&str], input: &[u8]) -> Output {
    let _cwd = CwdGuard::enter(&root());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut input = input;
    let mut io = Io {
        input: &mut input,
        out: &mut out,
        err: &mut err,
        style: Style::default(),
        err_style: Style::default(),
        progress: false,
        quiet: false,
        links: Default::default(),
    };
    let argv = std::iter::once("flowcred").chain(args.iter().copied()).map(Into::into);
    let exit = cli::main(argv, &mut io);
    Output {
        exit,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

/// Holds the process-wide current directory for one invocation; tests that
/// use relative paths run one at a time through it.
struct CwdGuard {
    _lock: std::sync::MutexGuard<'static, ()>,
}

static CWD: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl CwdGuard {
    fn enter(dir: &Path) -> CwdGuard {
        let lock = CWD.lock().unwrap_or_else(|e| e.into_inner());
        std::env::set_current_dir(dir).expect("the workspace root exists");
        CwdGuard { _lock: lock }
    }
}

/// Every password a scenario file holds (values of `password:` and
/// `cached_password:` and `cloud_password:` keys), for leak checks.
pub fn passwords_in(yaml: &str) -> Vec<String> {
    yaml.lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            let value = ["password:", "cached_password:", "cloud_password:"]
                .iter()
                .find_map(|key| line.strip_prefix(key))?;
            Some(value.trim().trim_matches('"').replace("\\\\", "\\"))
        })
        .filter(|p| !p.is_empty())
        .collect()
}
pub mod samba;
