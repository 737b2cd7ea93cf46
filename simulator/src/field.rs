//! Field cases: real reports of a failed logon, written as what each report
//! gives a support engineer, and scored by where `diagnose` ranks the cause
//! whose fix resolved the report.
//!
//! A case file is a YAML list (see `simulator/bench/field-cases.yaml`, the
//! bundled set). Each case holds only what its report gives: the message as
//! quoted, the username as typed, and the facts the reporter states, in the
//! form a `diagnose --facts` file writes them. `fix` names the rule (or
//! rules) whose remedy is what resolved the report, or `none` where the
//! catalog has no such cause; such a case stays in the set and is counted
//! apart.

use flowcred_core::artifact::{self, AdminFacts};
use flowcred_core::rules;
use serde::Deserialize;

use crate::cmd::diagnose::{diagnose_machine, Extra};
use crate::scenario::{self, LoadError};

/// The bundled field cases.
pub const BUNDLED: &str = include_str!("../bench/field-cases.yaml");

/// Where the bundled cases are, as outputs name them.
pub const BUNDLED_NAME: &str = "simulator/bench/field-cases.yaml";

/// One report, as a case file writes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCase {
    /// A short name, unique in the file.
    pub id: String,
    /// The report's address.
    pub report: String,
    /// One line: what the report says.
    pub why: String,
    /// The rule (or rules) whose remedy resolved the report, or `none`.
    pub fix: Fix,
    /// The error as the report quotes it: a code, a message, an event as
    /// Windows renders it, or several of these.
    #[serde(default)]
    pub error: Option<String>,
    /// The username as the report gives it.
    #[serde(default)]
    pub username: Option<String>,
    /// What the reporter states of the machine, the account and the run.
    #[serde(default)]
    pub facts: AdminFacts,
}

/// The cause that resolved a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Any of these rules.
    Rules(Vec<String>),
    /// No cause of the catalog.
    None,
}

impl<'de> Deserialize<'de> for Fix {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fix, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            One(String),
            Many(Vec<String>),
        }
        let ids = match Written::deserialize(d)? {
            Written::One(s) if s == "none" => return Ok(Fix::None),
            Written::One(s) => vec![s],
            Written::Many(v) => v,
        };
        for id in &ids {
            if rules::find(id).is_none() {
                return Err(serde::de::Error::custom(format!(
                    "`{id}` is no rule of the catalog (write `none` for a cause it lacks)"
                )));
            }
        }
        if ids.is_empty() {
            return Err(serde::de::Error::custom("name a rule, or write `none`"));
        }
        Ok(Fix::Rules(ids))
    }
}

/// Reads a case file; `file` names it in errors.
pub fn load(file: &str, text: &str) -> Result<Vec<FieldCase>, LoadError> {
    let (cases, outline) = scenario::read_yaml::<Vec<FieldCase>>(file, text)?;
    for (i, case) in cases.iter().enumerate() {
        if let Some((field, message)) = case.facts.contradiction() {
            let path = format!("[{i}].facts.{field}");
            return Err(scenario::located(file, text, &outline, &path, message.to_owned()));
        }
    }
    Ok(cases)
}

/// Where one case's cause ranked.
#[derive(Clone, Debug)]
pub struct FieldScore {
    /// The case's id.
    pub id: String,
    /// Its report.
    pub report: String,
    /// The fix, as written.
    pub fix: Fix,
    /// The first three causes, as ranked.
    pub ranked: Vec<&'static str>,
    /// The 0-based rank of the first cause the fix names, if listed.
    pub rank: Option<usize>,
    /// The facts that cause still asks for.
    pub asked: usize,
    /// What diagnosis refused in the case (an unreadable error), if any.
    pub refused: Option<String>,
}

/// Diagnoses one case from what it gives and scores it.
pub fn score(case: &FieldCase) -> FieldScore {
    let mut refused = None;
    let error = case.error.as_deref().and_then(|text| match artifact::parse_error(text) {
        Ok(read) => Some(read),
        Err(e) => {
            refused = Some(e);
            None
        }
    });
    let extra = Extra {
        error,
        username: case.username.clone(),
        facts: case.facts.clone(),
        ..Extra::default()
    };
    let findings = match diagnose_machine(&case.id, None, &extra) {
        Ok(machine) => machine.diagnosis.findings,
        Err(e) => {
            refused = Some(e);
            Vec::new()
        }
    };
    let ids: Vec<&'static str> = findings.iter().map(|f| f.rule.id).collect();
    let rank = match &case.fix {
        Fix::Rules(fix) => ids
            .iter()
            .position(|id| fix.iter().any(|f| rules::find(f).is_some_and(|rule| rule.id == *id))),
        Fix::None => None,
    };
    let asked = rank.map_or(0, |r| findings[r].unknowns());
    FieldScore {
        id: case.id.clone(),
        report: case.report.clone(),
        fix: case.fix.clone(),
        ranked: ids.into_iter().take(3).collect(),
        rank,
        asked,
        refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_cases_load_and_name_known_rules() {
        let cases = load(BUNDLED_NAME, BUNDLED).expect("the bundled cases load");
        assert!(cases.len() >= 20, "{}", cases.len());
        let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), cases.len(), "case ids are unique");
        for case in &cases {
            assert!(case.report.starts_with("https://"), "{}", case.id);
        }
    }

    #[test]
    fn a_fix_naming_no_rule_is_refused_with_its_place() {
        let text = "- id: x\n  report: https://example.com\n  why: w\n  fix: FC999\n";
        let err = load("cases.yaml", text).unwrap_err().to_string();
        assert!(err.starts_with("cases.yaml:4:"), "{err}");
        assert!(err.contains("FC999"), "{err}");
    }
}
