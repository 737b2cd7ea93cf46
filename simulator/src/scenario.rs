//! Scenario files: strict YAML loading into a core `World` plus its `expect:`
//! block, with every failure a located [`LoadError`] and never a panic.
//!
//! Guards run before the YAML parser sees the text: size, encoding (a UTF-8
//! byte-order mark is stripped, UTF-16 is decoded), and nesting depth, so a
//! hostile file answers at once.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use flowcred_core::model::{
    Connection, Credential, Domain, DomainKind, Machine, Tenant, WorkAccount,
};
use flowcred_core::serial::{with_mode, WriteMode};
use flowcred_core::username::UsernameKind;
use flowcred_core::{rules, ErrorCode, Stage, SubCode, World};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde::{Deserialize, Deserializer};

use crate::input::{self, Links, ReadError};
use crate::mask;
use crate::outline::{self, Node, Outline, Pos, Value};

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
    /// What must happen; absent in a scenario written to be run first and
    /// given its expectations after.
    pub expect: Option<Expect>,
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
    /// What must happen when the connection is used. `run` needs none;
    /// `check` reports a scenario without one, and fails it with `--strict`.
    #[serde(default)]
    expect: Option<Expect>,
}

/// The JSON Schema of scenario files, generated from the types the loader
/// reads them with.
pub fn json_schema() -> serde_json::Value {
    // schemars states a field's default only where serializing would write
    // it: with defaults written, every default reaches the schema.
    let mode = WriteMode { defaults: true, ..WriteMode::default() };
    let schema = with_mode(mode, || schemars::schema_for!(ScenarioFile));
    serde_json::to_value(schema).expect("a schema is JSON")
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

/// The path as shown in output: as given, with `/` separators (on Windows,
/// where `\\` separates; elsewhere a `\\` is part of a name), and any
/// hidden character of the name (a control, a bidi override, a zero-width
/// character) written as `\uXXXX`, so a name can neither act on a
/// terminal nor pass for another.
pub fn display_path(path: &Path) -> String {
    let mut name = path.to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR == '\\' {
        name = name.replace('\\', "/");
    }
    flowcred_core::text::reveal(&name, |_| false).into_owned()
}

/// Reads and loads one scenario file; a symbolic link is followed as
/// `links` allows.
pub fn load_file(path: &Path, links: Links) -> Result<Scenario, LoadError> {
    let file = display_path(path);
    let bytes = input::read_bounded(path, MAX_BYTES, links).map_err(|e| {
        let message = match e {
            ReadError::TooLarge { .. } => format!("scenarios are limited to {MAX_BYTES} bytes"),
            e => e.to_string(),
        };
        whole(&file, message)
    })?;
    load_bytes(&file, &bytes)
}

/// Loads a scenario from its bytes; `file` names it in errors.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Scenario, LoadError> {
    let text =
        input::decode(bytes).map_err(|e| at(file, "", e.line, e.column, e.message.into()))?;
    load_str(file, &text)
}

/// An error about a file as a whole.
pub fn whole(file: &str, message: String) -> LoadError {
    LoadError { file: file.to_owned(), line: 0, column: 0, field: None, message, source_line: None }
}

fn at(file: &str, text: &str, line: usize, column: usize, message: String) -> LoadError {
    at_in(file, text, &Outline::default(), line, column, message)
}

/// An error at a place in the text; its excerpt never shows a secret value.
fn at_in(
    file: &str,
    text: &str,
    outline: &Outline,
    line: usize,
    column: usize,
    message: String,
) -> LoadError {
    LoadError {
        file: file.to_owned(),
        line,
        column,
        field: None,
        message: mask::shorten_quoted(&message),
        source_line: outline.excerpt(text, line),
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
            "the file is empty: a scenario needs `tenant`, `machine` and `connection` (and `expect` for `check`)"
                .into(),
        ));
    }
    let (parsed, outline): (ScenarioFile, Outline) = read_yaml(file, text)?;
    if let Some((path, message)) = schema_violation(&outline) {
        return Err(located(file, text, &outline, &path, message));
    }
    let world =
        World { tenant: parsed.tenant, machine: parsed.machine, connection: parsed.connection };
    let expect = parsed.expect;
    let mut world = world;
    fill_defaults(&mut world, &outline);
    if let Some((path, message)) = control_character(&world) {
        return Err(located(file, text, &outline, &path, message));
    }
    if let Some((path, message)) = world.impossibilities().into_iter().next() {
        return Err(located(file, text, &outline, &path, message));
    }
    if let Some(expect) = &expect {
        for (list, ids) in [("rules", &expect.rules), ("near_misses", &expect.near_misses)] {
            for (i, id) in ids.iter().enumerate() {
                if rules::find(id).is_none_or(|r| r.id != id) {
                    return Err(located(
                        file,
                        text,
                        &outline,
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
                    &outline,
                    "expect.sub_code",
                    format!("`{value}` is not a sub-code flowcred knows"),
                ));
            }
        }
    }
    Ok(Scenario { file: file.to_owned(), summary, world, expect })
}

/// Reads YAML text as `T` under the same guards and with the same located,
/// secret-free errors as a scenario: nesting depth, one document, no
/// duplicate keys or foreign tags, strict types.
pub fn read_yaml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<(T, Outline), LoadError> {
    check_characters(file, text)?;
    check_depth(file, text)?;
    let (outline, problem) = outline::outline(text);
    if let Some(problem) = problem {
        let mut err =
            at_in(file, text, &outline, problem.pos.line, problem.pos.column, problem.message);
        err.field = problem.field;
        return Err(err);
    }
    // An empty document reads as an empty plain value, as serde_yaml read it.
    let empty = Node {
        pos: Pos { line: 1, column: 1 },
        value: Value::Scalar { text: String::new(), plain: true },
    };
    let root = outline.root().unwrap_or(&empty);
    let parsed = serde_path_to_error::deserialize(root).map_err(|e| {
        let field = e.path().to_string();
        let mut message = quoted_value_message(e.into_inner().to_string());
        if mask::is_secret_path(&field) && message.starts_with("invalid ") {
            // serde quotes the value it could not read: never a secret's.
            message = secret_shape(&field);
        }
        let number = message.starts_with("invalid type: floating point")
            || message.starts_with("invalid type: integer");
        if field.ends_with("pad_version") && number {
            let written = outline
                .position(&field)
                .and_then(|p| outline::lines(text).nth(p.line - 1)?.get(p.column - 1..))
                .map(|v| v.split(" #").next().unwrap_or(v).trim().to_owned())
                .unwrap_or_default();
            message = format!(
                "`{written}` reads as a number, which drops what a version needs (2.50 becomes \
                     2.5); write it quoted: '{written}'"
            );
        }
        let pos = if message.starts_with("unknown field") {
            outline.key_position(&field)
        } else {
            outline.position(&field)
        };
        let (line, column) = pos.map_or((1, 1), |p| (p.line, p.column));
        let mut err = at_in(file, text, &outline, line, column, message);
        err.field = (field != ".").then_some(field);
        err
    })?;
    Ok((parsed, outline))
}

/// serde's message about a value it could not read: the value it quotes
/// is shown only when it is one line, and then as a short, masked excerpt:
/// text broken by a bad indent can pull a whole block, passwords and all,
/// into one string.
fn quoted_value_message(message: String) -> String {
    let quoted = message
        .strip_prefix("invalid type: string \"")
        .and_then(|rest| rest.rsplit_once("\", expected "));
    match quoted {
        Some((value, expected)) if value.contains("\\n") => format!(
            "invalid type: text over several lines, expected {expected} (is the indentation right?)"
        ),
        Some((value, expected)) => {
            format!("invalid type: string \"{}\", expected {expected}", mask::excerpt(value))
        }
        None => message,
    }
}

/// The leading comment, each line masked as an excerpt would be: a comment
/// is shown in every run, so a password written there is not.
fn leading_comment(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<String> = text
        .lines()
        .take_while(|l| l.trim_start().starts_with('#'))
        .map(|l| l.trim_start().trim_start_matches('#').trim())
        .filter(|l| !l.starts_with("yaml-language-server:"))
        .map(mask::mask_text)
        .collect();
    lines.join(" ").trim().to_owned()
}

/// Refuses a character YAML does not allow in a file (a control other
/// than tab and line ends, a surrogate's code, U+FFFE, U+FFFF), at its
/// line and column: the parser would only say at which byte.
fn check_characters(file: &str, text: &str) -> Result<(), LoadError> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}')
            || matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    };
    let Some(found) = text.find(|c: char| !printable(c)) else { return Ok(()) };
    let c = text[found..].chars().next().expect("found a character");
    let start = text[..found].rfind(['\n', '\r']).map_or(0, |at| at + 1);
    let line = outline::lines(&text[..start]).count() + 1;
    let column = text[start..found].chars().count() + 1;
    let message = format!(
        "the character U+{:04X} is not allowed in a YAML file (it is not printable); \
         write it as an escape inside double quotes, or remove it",
        u32::from(c)
    );
    Err(at(file, text, line, column, message))
}

/// Refuses nesting deeper than any scenario needs, before the parser runs
/// (its cost grows with the square of the depth).
fn check_depth(file: &str, text: &str) -> Result<(), LoadError> {
    let mut depth = 0usize;
    for (n, line) in outline::lines(text).enumerate() {
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
        // Delimiters are ASCII, so bytes will do; a column counts characters.
        let mut quote = None;
        for (at_byte, &b) in line.as_bytes().iter().enumerate() {
            match (quote, b) {
                (None, b'#') => break,
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), c) if c == q => quote = None,
                (None, b'{' | b'[') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        let column = line[..at_byte].chars().count() + 1;
                        return Err(at(
                            file,
                            text,
                            n + 1,
                            column,
                            format!("nesting is deeper than {MAX_DEPTH} levels"),
                        ));
                    }
                }
                (None, b'}' | b']') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(())
}

/// An error at a field path such as `tenant.users[1].upn`, placed by the
/// outline (block or flow style alike).
pub(crate) fn located(
    file: &str,
    text: &str,
    outline: &Outline,
    path: &str,
    message: String,
) -> LoadError {
    let (line, column) = outline.position(path).map_or((1, 1), |p| (p.line, p.column));
    let mut err = at_in(file, text, outline, line, column, message);
    err.field = Some(path.to_owned());
    err
}

/// The first place where the text breaks the JSON Schema that serde lets
/// through: a null where text is required (serde reads `~` as the text
/// "~"), a version outside its pattern, a tag that made serde read a plain
/// value. Running the published schema here keeps the two in agreement.
fn schema_violation(outline: &Outline) -> Option<(String, String)> {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(validator);
    let value = crate::yaml::to_json(outline.root()?)?;
    let error = validator.iter_errors(&value).next()?;
    let path = pointer_to_path(error.instance_path.as_str());
    let shown = if mask::is_secret_path(&path) {
        "this value".to_owned()
    } else {
        match &*error.instance {
            serde_json::Value::String(s) => format!("`{}`", mask::excerpt(s)),
            other => format!("`{}`", mask::excerpt(&other.to_string())),
        }
    };
    let message = match &error.kind {
        ValidationErrorKind::Type { .. } if error.instance.is_null() => {
            "a value is required here, not null".to_owned()
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => {
                    set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or ")
                }
            };
            format!("expected {expected}, found {shown}")
        }
        ValidationErrorKind::Pattern { .. } if path.ends_with("pad_version") => format!(
            "{shown} is not a version: write numbers and dots, quoted, such as '2.45' or '2.45.404.24249'"
        ),
        ValidationErrorKind::Pattern { pattern } => {
            format!("{shown} does not match the pattern `{pattern}`")
        }
        ValidationErrorKind::Enum { options } => format!("{shown} is not one of {options}"),
        _ if mask::is_secret_path(&path) => "this value does not fit the schema".to_owned(),
        _ => error.to_string(),
    };
    Some((path, message))
}

/// The schema check's validator. The published schema is written for
/// JSON Schema 2020-12, but uses only keywords Draft 7 reads alike (a test
/// holds it to that): compiling it against the 2020-12 meta-schema took
/// 20 to 100 ms and 40 MB at every start, the Draft 7 one takes 2 ms.
fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(false)
        .build(&json_schema())
        .expect("the generated schema is valid")
}

/// A JSON pointer (`/tenant/users/0/upn`) as a field path (`tenant.users[0].upn`).
fn pointer_to_path(pointer: &str) -> String {
    let mut path = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.bytes().all(|b| b.is_ascii_digit()) && !segment.is_empty() {
            path.push_str(&format!("[{segment}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&segment);
        }
    }
    path
}

/// The defaults that depend on the rest of the scenario, for what the text
/// leaves out: the tenant's domains from its users' UPNs (managed);
/// certificate-based authentication where the connection uses a
/// certificate; and, on an Entra joined machine, the connection's Entra
/// account connected, synchronized and signed in. Written out, each says
/// what it says.
fn fill_defaults(world: &mut World, outline: &Outline) {
    let given = |path: &str| outline.key_position(path).is_some();
    if !given("tenant.domains") {
        // A set keeps this linear however many users and domains there are.
        let mut seen = std::collections::HashSet::new();
        for user in &world.tenant.users {
            let Some((_, domain)) = user.upn.rsplit_once('@') else { continue };
            if seen.insert(domain.to_ascii_lowercase()) {
                world.tenant.domains.push(Domain {
                    name: domain.into(),
                    kind: DomainKind::Managed,
                    ws_trust: true,
                });
            }
        }
    }
    if !given("tenant.certificate_auth")
        && matches!(world.connection.credential, Credential::Certificate { .. })
    {
        world.tenant.certificate_auth = true;
    }
    if !given("machine.work_accounts") && world.machine.device_state.azure_ad_joined {
        let username = world.username();
        if username.kind == UsernameKind::Upn {
            if let Some(user) = world.tenant.user(username.account) {
                let upn = user.upn.clone();
                world.machine.work_accounts.push(WorkAccount {
                    upn,
                    synced: true,
                    signed_in: true,
                    cached_password: None,
                });
            }
        }
    }
}

/// The first name or username holding a control character, with a hint:
/// inside double quotes YAML reads `\a` in `"CONTOSO\alice"` as an escape.
fn control_character(world: &World) -> Option<(String, String)> {
    let mut names: Vec<(String, &str)> = vec![
        ("connection.username".into(), world.connection.username.as_str()),
        ("machine.name".into(), world.machine.name.as_str()),
        ("tenant.name".into(), world.tenant.name.as_str()),
        ("tenant.id".into(), world.tenant.id.as_str()),
    ];
    if let Some(id) = &world.connection.environment_tenant {
        names.push(("connection.environment_tenant".into(), id));
    }
    if let Some(id) = &world.machine.device_state.tenant_id {
        names.push(("machine.device_state.tenant_id".into(), id));
    }
    for (i, id) in world.machine.allowed_registration_tenants.iter().enumerate() {
        names.push((format!("machine.allowed_registration_tenants[{i}]"), id));
    }
    for (i, user) in world.tenant.users.iter().enumerate() {
        names.push((format!("tenant.users[{i}].upn"), &user.upn));
        if let Some(name) = &user.on_premises_name {
            names.push((format!("tenant.users[{i}].on_premises_name"), name));
        }
    }
    for (i, account) in world.machine.work_accounts.iter().enumerate() {
        names.push((format!("machine.work_accounts[{i}].upn"), &account.upn));
    }
    for (i, account) in world.machine.local_accounts.iter().enumerate() {
        names.push((format!("machine.local_accounts[{i}].name"), &account.name));
    }
    let (path, value) = names.into_iter().find(|(_, v)| v.chars().any(char::is_control))?;
    let escape = |c: char| match c {
        '\u{0}' => Some('0'),
        '\u{7}' => Some('a'),
        '\u{8}' => Some('b'),
        '\t' => Some('t'),
        '\n' => Some('n'),
        '\u{b}' => Some('v'),
        '\u{c}' => Some('f'),
        '\r' => Some('r'),
        '\u{1b}' => Some('e'),
        _ => None,
    };
    let meant: Option<String> = value
        .chars()
        .map(|c| match escape(c) {
            Some(letter) => Some(format!("\\{letter}")),
            None if c.is_control() => None,
            None => Some(c.to_string()),
        })
        .collect();
    let message = match meant {
        Some(meant) => format!(
            "this holds a control character: inside double quotes a backslash starts an escape; \
             write it in single quotes, '{meant}', or double the backslash"
        ),
        None => "this holds a control character, which no name or username can".to_owned(),
    };
    Some((path, message))
}

/// What a secret field must look like, said without its value.
fn secret_shape(path: &str) -> String {
    if path.ends_with("credential") {
        "expected a mapping with `password:`, `certificate:` or `sign_in: true` (the value is not shown)"
            .into()
    } else {
        "expected a password written as text (the value is not shown)".into()
    }
}

/// What [`collect`] found: the files to load, the errors of what cannot
/// be a scenario, and notes on what was left out.
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<PathBuf>,
    pub errors: Vec<LoadError>,
    /// What was skipped and why (a symbolic link in a folder), said on
    /// standard error; not an error.
    pub notes: Vec<String>,
}

/// The scenario files named by `paths`: files as given, folders' `.yaml` and
/// `.yml` files (recursively, each folder's in name order, each file once).
///
/// A folder walk never leaves the tree it was given: it follows no symbolic
/// link, and notes each one it skips. A path given that is itself a link is
/// followed as `links` allows ([`Links`]). What cannot be a scenario (a
/// pipe or device named `.yaml`, a link not followed) is an error of its
/// own; the rest still loads.
pub fn collect(paths: &[PathBuf], links: Links) -> Collected {
    let mut found = Collected::default();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        if let Err(e) = input::check_link(path, links) {
            found.errors.push(whole(&display_path(path), e.to_string()));
            continue;
        }
        if !path.is_dir() {
            if path.exists() || path.is_symlink() {
                if seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())) {
                    found.files.push(path.clone());
                }
            } else {
                found.errors.push(whole(&display_path(path), "no such file or folder".into()));
            }
            continue;
        }
        // A walk that follows no link meets each file once, under one
        // path: the folder's real path and the entry's place below it name
        // the file, with no look-up a file.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let walk = walkdir::WalkDir::new(path).follow_links(false).sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let at = e.path().map_or_else(|| display_path(path), display_path);
                    let message = format!(
                        "cannot read: {}",
                        e.io_error().map_or(e.to_string(), |e| e.to_string())
                    );
                    found.errors.push(whole(&at, message));
                    continue;
                }
            };
            let kind = entry.file_type();
            if kind.is_symlink() && entry.depth() > 0 {
                found.notes.push(format!(
                    "{}: a symbolic link; skipped (a folder walk follows none: name the file \
                     itself to load it)",
                    display_path(entry.path())
                ));
                continue;
            }
            let yaml = entry.path().extension().is_some_and(|e| e == "yaml" || e == "yml");
            if !yaml || kind.is_dir() {
                continue;
            }
            if !kind.is_file() {
                found.errors.push(whole(
                    &display_path(entry.path()),
                    ReadError::NotAFile(input::kind_of(&kind)).to_string(),
                ));
                continue;
            }
            let below = entry.path().strip_prefix(path).unwrap_or(entry.path());
            if seen.insert(real.join(below)) {
                found.files.push(entry.into_path());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What lets the schema check read the 2020-12 schema as Draft 7:
    /// every keyword is one Draft 7 has with the same meaning (`$defs` is
    /// reached by its JSON pointer), and beside a `$ref` only annotations.
    #[test]
    fn the_schema_reads_the_same_under_draft_7() {
        const DRAFT_7: [&str; 15] = [
            "$schema",
            "$defs",
            "$ref",
            "additionalProperties",
            "anyOf",
            "oneOf",
            "const",
            "enum",
            "items",
            "pattern",
            "properties",
            "required",
            "type",
            "format",
            "default",
        ];
        const ANNOTATIONS: [&str; 3] = ["description", "title", "default"];
        fn walk(schema: &serde_json::Value, keyword_place: bool) {
            let serde_json::Value::Object(map) = schema else {
                if let serde_json::Value::Array(items) = schema {
                    items.iter().for_each(|i| walk(i, keyword_place));
                }
                return;
            };
            if keyword_place {
                for key in map.keys() {
                    let known =
                        DRAFT_7.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str());
                    assert!(known, "`{key}` is no Draft 7 keyword");
                }
                if map.contains_key("$ref") {
                    let beside = map.keys().filter(|k| *k != "$ref");
                    assert!(beside.clone().all(|k| ANNOTATIONS.contains(&k.as_str())), "{map:?}");
                }
            }
            for (key, value) in map {
                match key.as_str() {
                    // Names of fields and definitions, each holding a schema.
                    "properties" | "$defs" => {
                        if let serde_json::Value::Object(named) = value {
                            named.values().for_each(|s| walk(s, true));
                        }
                    }
                    "enum" | "const" | "default" | "required" => {}
                    _ => walk(value, true),
                }
            }
        }
        let schema = json_schema();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        walk(&schema, true);
        let _ = validator();
    }

    #[test]
    fn the_summary_is_the_leading_comment() {
        let text = "# yaml-language-server: $schema=x\n# First line\n#  second line\ntenant: {}\n# not this\n";
        assert_eq!(leading_comment(text), "First line second line");
    }
}
