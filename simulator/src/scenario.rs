//! Scenario files: strict YAML loading into a core `World` plus its `expect:`
//! block, with every failure a located [`LoadError`] and never a panic.
//!
//! Guards run before the YAML parser sees the text: size, encoding (a UTF-8
//! byte-order mark is stripped, UTF-16 is decoded), and nesting depth, so a
//! hostile file answers at once.

use std::fmt;
use std::path::{Path, PathBuf};

use flowcred_core::model::{Connection, Machine, Tenant};
use flowcred_core::{rules, ErrorCode, Stage, SubCode, World};
use serde::{Deserialize, Deserializer};

/// Scenario files larger than this are refused unread.
pub const MAX_BYTES: u64 = 1 << 20;
/// Deeper flow nesting (`{` / `[`) or block indentation is refused.
const MAX_DEPTH: usize = 32;

/// A loaded scenario.
#[derive(Debug)]
pub struct Scenario {
    /// The path as given, with `/` separators on every OS.
    pub file: String,
    /// The comment the file starts with: what the scenario shows.
    pub summary: String,
    pub world: World,
    pub expect: Expect,
}

/// The `expect:` block.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The error code, or `none` for a run that succeeds.
    pub error: ExpectedError,
    #[serde(default)]
    pub sub_code: Option<i64>,
    #[serde(default)]
    pub stage: Option<ExpectedStage>,
    /// The ids of every rule the diagnosis must report, in catalog order.
    pub rules: Vec<String>,
    /// Rules this scenario is a near miss for: they must stay silent.
    #[serde(default)]
    pub near_misses: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectedError(pub Option<ErrorCode>);

impl schemars::JsonSchema for ExpectedError {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExpectedError".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        codes.push("none");
        schemars::json_schema!({
            "type": "string",
            "enum": codes,
            "description": "The error code the run ends with, or `none` when it succeeds."
        })
    }
}

impl<'de> Deserialize<'de> for ExpectedError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ExpectedError, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == "none" {
            return Ok(ExpectedError(None));
        }
        let code = text
            .parse()
            .map_err(|e: String| serde::de::Error::custom(format!("{e}, or `none`")))?;
        Ok(ExpectedError(Some(code)))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectedStage(pub Stage);

impl schemars::JsonSchema for ExpectedStage {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExpectedStage".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
        schemars::json_schema!({"type": "string", "enum": stages})
    }
}

impl<'de> Deserialize<'de> for ExpectedStage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ExpectedStage, D::Error> {
        let text = String::deserialize(deserializer)?;
        Stage::ALL.iter().find(|s| s.as_str() == text).map(|s| ExpectedStage(*s)).ok_or_else(|| {
            let names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
            serde::de::Error::custom(format!(
                "unknown stage `{text}`, expected one of {}",
                names.join(", ")
            ))
        })
    }
}

/// A flowcred scenario: a tenant, a machine and a desktop-flow connection,
/// and what must happen when the connection is used.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "flowcred scenario")]
struct ScenarioFile {
    tenant: Tenant,
    machine: Machine,
    connection: Connection,
    expect: Expect,
}

/// The JSON Schema of scenario files, generated from the types the loader
/// reads them with.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ScenarioFile)).expect("a schema is JSON")
}

/// Why a scenario could not be loaded, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub column: usize,
    /// The field path, such as `machine.device_state.domain_name`.
    pub field: Option<String>,
    pub message: String,
    /// The offending line of the file, for display.
    pub source_line: Option<String>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
            if let Some(field) = &self.field {
                write!(f, "`{field}`: ")?;
            }
            f.write_str(&self.message)
        }
    }
}

/// The path as shown in output: as given, with `/` separators.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Reads and loads one scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    let file = display_path(path);
    let whole = |message: String| LoadError {
        file: file.clone(),
        line: 0,
        column: 0,
        field: None,
        message,
        source_line: None,
    };
    let size =
        std::fs::metadata(path).map_err(|e| whole(format!("cannot read the file: {e}")))?.len();
    if size > MAX_BYTES {
        return Err(whole(format!(
            "the file is {size} bytes; scenarios are limited to {MAX_BYTES}"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| whole(format!("cannot read the file: {e}")))?;
    load_bytes(&file, &bytes)
}

/// Loads a scenario from its bytes; `file` names it in errors.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Scenario, LoadError> {
    let text = decode(file, bytes)?;
    load_str(file, &text)
}

fn decode(file: &str, bytes: &[u8]) -> Result<String, LoadError> {
    let utf16 = |units: Vec<u16>| {
        String::from_utf16(&units).map_err(|_| {
            at(
                file,
                "",
                1,
                1,
                "the file starts with a UTF-16 byte-order mark but is not valid UTF-16".into(),
            )
        })
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(file, rest),
        [0xFF, 0xFE, rest @ ..] => utf16(
            rest.chunks(2).map(|c| u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect(),
        ),
        [0xFE, 0xFF, rest @ ..] => utf16(
            rest.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect(),
        ),
        _ => utf8(file, bytes),
    }
}

fn utf8(file: &str, bytes: &[u8]) -> Result<String, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Err(at(file, "", line, column, "the file is not valid UTF-8".into()))
        }
    }
}

fn at(file: &str, text: &str, line: usize, column: usize, message: String) -> LoadError {
    LoadError {
        file: file.to_owned(),
        line,
        column,
        field: None,
        message,
        source_line: text.lines().nth(line.saturating_sub(1)).map(str::to_owned),
    }
}

/// Loads a scenario from text.
pub fn load_str(file: &str, text: &str) -> Result<Scenario, LoadError> {
    let summary = leading_comment(text);
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(at(
            file,
            text,
            1,
            1,
            "the file is empty: a scenario needs `tenant`, `machine`, `connection` and `expect`"
                .into(),
        ));
    }
    check_depth(file, text)?;
    let parsed: ScenarioFile = serde_path_to_error::deserialize(
        serde_yaml::Deserializer::from_str(text),
    )
    .map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        let (line, column) = inner.location().map_or((1, 1), |l| (l.line(), l.column()));
        let mut err = at(file, text, line, column, yaml_message(&inner));
        err.field = (field != ".").then_some(field);
        err
    })?;
    let world =
        World { tenant: parsed.tenant, machine: parsed.machine, connection: parsed.connection };
    let expect = parsed.expect;
    if let Some((path, message)) = world.impossibilities().into_iter().next() {
        return Err(located(file, text, &path, message));
    }
    for (list, ids) in [("rules", &expect.rules), ("near_misses", &expect.near_misses)] {
        for (i, id) in ids.iter().enumerate() {
            if rules::find(id).is_none_or(|r| r.id != id) {
                return Err(located(
                    file,
                    text,
                    &format!("expect.{list}[{i}]"),
                    format!("unknown rule id `{id}`; `flowcred rules` lists them"),
                ));
            }
        }
    }
    if let Some(value) = expect.sub_code {
        if SubCode::from_value(value).is_none() {
            return Err(located(
                file,
                text,
                "expect.sub_code",
                format!("`{value}` is not a sub-code flowcred knows"),
            ));
        }
    }
    Ok(Scenario { file: file.to_owned(), summary, world, expect })
}

/// serde_yaml's message without the path prefix and location suffix it adds,
/// since the error carries both separately.
fn yaml_message(error: &serde_yaml::Error) -> String {
    let mut message = error.to_string();
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => rest.to_owned(),
        _ => message,
    }
}

fn leading_comment(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| l.trim_start().starts_with('#'))
        .map(|l| l.trim_start().trim_start_matches('#').trim())
        .filter(|l| !l.starts_with("yaml-language-server:"))
        .collect();
    lines.join(" ").trim().to_owned()
}

/// Refuses nesting deeper than any scenario needs, before the parser runs
/// (its cost grows with the square of the depth).
fn check_depth(file: &str, text: &str) -> Result<(), LoadError> {
    let mut depth = 0usize;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        if indent > MAX_DEPTH * 4 {
            return Err(at(
                file,
                text,
                n + 1,
                1,
                format!("nesting is deeper than {MAX_DEPTH} levels"),
            ));
        }
        let mut quote = None;
        for (col, ch) in line.char_indices() {
            match (quote, ch) {
                (None, '#') => break,
                (None, '"' | '\'') => quote = Some(ch),
                (Some(q), c) if c == q => quote = None,
                (None, '{' | '[') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(at(
                            file,
                            text,
                            n + 1,
                            col + 1,
                            format!("nesting is deeper than {MAX_DEPTH} levels"),
                        ));
                    }
                }
                (None, '}' | ']') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(())
}

/// An error at a field path such as `tenant.users[1].upn`, found in the text
/// by following keys and list items by indentation.
fn located(file: &str, text: &str, path: &str, message: String) -> LoadError {
    let (line, column) = locate(text, path).unwrap_or((1, 1));
    let mut err = at(file, text, line, column, message);
    err.field = Some(path.to_owned());
    err
}

fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let (mut from, mut parent_indent, mut found) = (0usize, -1isize, None);
    for segment in path.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        let (n, indent) = find_key(&lines, from, parent_indent, key)?;
        found = Some((n, indent));
        from = n + 1;
        parent_indent = indent;
        if let Some(index) = index {
            let mut seen = 0;
            let mut item = None;
            for (m, line) in lines.iter().enumerate().skip(from) {
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let ind = (line.len() - trimmed.len()) as isize;
                if ind < parent_indent || (ind == parent_indent && !trimmed.starts_with('-')) {
                    break;
                }
                if trimmed.starts_with("- ") || trimmed == "-" {
                    if seen == index {
                        item = Some((m, ind));
                        break;
                    }
                    seen += 1;
                }
            }
            // A flow sequence (`[a, b]`) has no item lines: point at its key.
            let Some((m, ind)) = item else { break };
            found = Some((m, ind));
            // Keys of the item sit after the dash.
            from = m;
            parent_indent = ind;
        }
    }
    found.map(|(n, indent)| (n + 1, indent.unsigned_abs() + 1))
}

/// The first line at or after `from`, deeper than `parent`, holding `key:`.
fn find_key(lines: &[&str], from: usize, parent: isize, key: &str) -> Option<(usize, isize)> {
    for (n, line) in lines.iter().enumerate().skip(from) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = (line.len() - trimmed.len()) as isize;
        if n > from && indent <= parent && !(indent == parent && trimmed.starts_with('-')) {
            return None;
        }
        let mut body = trimmed;
        if let Some(rest) = body.strip_prefix("- ") {
            indent += 2;
            body = rest.trim_start();
        }
        if body.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
            return Some((n, indent));
        }
    }
    None
}

/// The scenario files named by `paths`: files as given, folders' `.yaml` and
/// `.yml` files (recursively), each folder's in name order.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)?;
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(LoadError {
                file: display_path(path),
                line: 0,
                column: 0,
                field: None,
                message: "no such file or folder".into(),
                source_line: None,
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let unreadable = |e: std::io::Error| LoadError {
        file: display_path(dir),
        line: 0,
        column: 0,
        field: None,
        message: format!("cannot read the folder: {e}"),
        source_line: None,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            walk(&entry, out)?;
        } else if entry.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(entry);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_fields_and_list_items() {
        let text = "tenant:\n  users:\n    - upn: a@b.c\n      password: x\n    - upn: d@e.f\nmachine:\n  device_state:\n    domain_name: X\n";
        assert_eq!(locate(text, "tenant.users[1].upn"), Some((5, 7)));
        assert_eq!(locate(text, "machine.device_state.domain_name"), Some((8, 5)));
        assert_eq!(locate(text, "machine.nope"), None);
    }

    #[test]
    fn the_summary_is_the_leading_comment() {
        let text = "# yaml-language-server: $schema=x\n# First line\n#  second line\ntenant: {}\n# not this\n";
        assert_eq!(leading_comment(text), "First line second line");
    }
}
