//! Diagnosis: runs every rule of the registry over the evidence and keeps
//! each cause present, with the facts that fired it.
//!
//! A diagnosis is a value, not an error. Three-valued logic: a rule whose
//! conditions all hold is *confirmed*; one with no failed condition but some
//! unknown facts is *suspected*, and names the checks that would settle it.

use crate::evidence::Evidence;
pub use crate::rules::{Cond, Match};
use crate::rules::{Rule, RULES};
use crate::sim::Stage;
use crate::source::Source;

/// How sure a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Certainty {
    /// Every condition holds on known facts.
    Confirmed,
    /// No condition failed, but some facts are unknown.
    Suspected,
}

impl Certainty {
    /// `confirmed` or `suspected`, as outputs write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Certainty::Confirmed => "confirmed",
            Certainty::Suspected => "suspected",
        }
    }
}

/// A rule that fired, with the conditions that made it fire.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The rule.
    pub rule: &'static Rule,
    /// Confirmed or suspected.
    pub certainty: Certainty,
    /// The conditions, known ones first in the order the rule tested them.
    pub evidence: Vec<Cond>,
}

impl Finding {
    /// For a suspected finding, what a person would check to settle it.
    pub fn checks(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.evidence.iter().filter(|c| !c.known).map(|c| (c.fact.label(), c.fact.how_to_check()))
    }

    /// How many facts the finding still waits on.
    pub fn unknowns(&self) -> usize {
        self.evidence.iter().filter(|c| !c.known).count()
    }

    /// Where the finding stands: explained, or how far from it.
    pub fn standing(&self) -> Standing {
        match self.unknowns() {
            0 => Standing::Explained,
            1 => Standing::NeedsOneFact,
            _ => Standing::NeedsSeveralFacts,
        }
    }
}

/// How far a finding is from explaining what was observed, the groups a
/// diagnosis is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Standing {
    /// Every condition holds on known facts.
    Explained,
    /// Possible: one fact would confirm or rule it out.
    NeedsOneFact,
    /// Possible: several facts are unknown.
    NeedsSeveralFacts,
}

impl Standing {
    /// Every standing, in the order they are shown.
    pub const ALL: [Standing; 3] =
        [Standing::Explained, Standing::NeedsOneFact, Standing::NeedsSeveralFacts];

    /// The name JSON uses.
    pub const fn as_str(self) -> &'static str {
        match self {
            Standing::Explained => "explained",
            Standing::NeedsOneFact => "needs_one_fact",
            Standing::NeedsSeveralFacts => "needs_several_facts",
        }
    }

    /// The group's heading.
    pub const fn heading(self) -> &'static str {
        match self {
            Standing::Explained => "Explained by",
            Standing::NeedsOneFact => "Possible, needs one fact",
            Standing::NeedsSeveralFacts => "Possible, needs several facts",
        }
    }
}

/// What the ranking assumes about how common each cause is.
pub const PRIOR: Source = Source::modelled(
    "no public page says how often each cause occurs, and the field reports count threads per family of causes, leaning to the Remote Desktop path",
);

/// The unknown fact that most suspected findings wait on: checking it first
/// settles the most suspects (confirms or rules out each that tests it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckFirst {
    /// The fact.
    pub fact: crate::evidence::FactId,
    /// How many of the suspected findings test it.
    pub settles: usize,
    /// How many suspected findings there are.
    pub of: usize,
}

/// The fact to check first among `findings`' suspects, when there are at
/// least two and some fact is shared by two of them or more; ties go to
/// the fact the best-ranked suspect waits on.
pub fn check_first(findings: &[Finding]) -> Option<CheckFirst> {
    let suspects: Vec<&Finding> =
        findings.iter().filter(|f| f.certainty == Certainty::Suspected).collect();
    let mut best: Option<CheckFirst> = None;
    for finding in &suspects {
        for cond in finding.evidence.iter().filter(|c| !c.known) {
            let settles = suspects
                .iter()
                .filter(|f| f.evidence.iter().any(|c| !c.known && c.fact == cond.fact))
                .count();
            if settles >= 2 && best.is_none_or(|b| settles > b.settles) {
                best = Some(CheckFirst { fact: cond.fact, settles, of: suspects.len() });
            }
        }
    }
    best
}

/// The findings for one piece of evidence, ranked.
#[derive(Clone, Debug, Default)]
pub struct Diagnosis {
    /// In registry order: confirmed findings first, then suspected ones.
    pub findings: Vec<Finding>,
}

impl Diagnosis {
    /// The ids of the findings' rules, in the findings' order.
    pub fn rule_ids(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.rule.id).collect()
    }
}

/// Whether one rule fires, and how surely, without writing its evidence:
/// the fast path for replay and exhaustive checks.
pub fn fires(rule: &'static Rule, evidence: &Evidence) -> Option<Certainty> {
    firing([rule], evidence).next().map(|(_, certainty)| certainty)
}

/// The rules of `rules` that fire on `evidence`, in order, and how surely:
/// [`fires`] for each, with one quiet match reused.
pub fn firing<'e>(
    rules: impl IntoIterator<Item = &'static Rule> + 'e,
    evidence: &'e Evidence,
) -> impl Iterator<Item = (&'static Rule, Certainty)> + 'e {
    let mut m = Match { quiet: true, ..Match::default() };
    rules.into_iter().filter_map(move |rule| {
        m.missed = false;
        m.unknown = false;
        (rule.detect)(evidence, &mut m);
        match (m.missed, m.unknown) {
            (true, _) => None,
            (false, false) => Some((rule, Certainty::Confirmed)),
            (false, true) => Some((rule, Certainty::Suspected)),
        }
    })
}

/// Runs one rule.
pub fn check(rule: &'static Rule, evidence: &Evidence) -> Option<Finding> {
    let mut m = Match::default();
    (rule.detect)(evidence, &mut m);
    if m.missed {
        return None;
    }
    let certainty =
        if m.conds.iter().all(|c| c.known) { Certainty::Confirmed } else { Certainty::Suspected };
    Some(Finding { rule, certainty, evidence: m.conds })
}

/// Runs every rule of the registry.
pub fn diagnose(evidence: &Evidence) -> Diagnosis {
    diagnose_rules(evidence, RULES)
}

/// Runs `rules` and ranks the findings: confirmed before suspected; among
/// those, the ones that explain the observed error first; then those with
/// fewer unknown facts, and among suspects those with more conditions shown;
/// then catalog order.
///
/// An observed error also rules causes out: the run got past every stage
/// before the first one that can produce that error, so a rule that would
/// have stopped it earlier with another code is not present; a cause of the
/// same code with another sub-code than the one shown is not the cause; and
/// where a failed logon shows Windows found the account and checked its
/// password, a cause of the same code from before that check is not either.
pub fn diagnose_rules(evidence: &Evidence, rules: &[&'static Rule]) -> Diagnosis {
    let observed = evidence.observed_error.value;
    let sub = evidence.observed_sub_code.value;
    let reached = observed.and_then(crate::rules::first_stage);
    let mut findings: Vec<Finding> = rules
        .iter()
        .filter(|rule| match (observed, reached) {
            (Some(code), Some(stage)) => rule.code == code || rule.stage >= stage,
            _ => true,
        })
        .filter(|rule| {
            observed != Some(rule.code)
                || sub.is_none()
                || rule.sub_code.is_none_or(|s| Some(s) == sub)
        })
        .filter(|rule| {
            evidence.password_checked.value != Some(true)
                || observed != Some(rule.code)
                || rule.stage >= Stage::WindowsLogon
        })
        .filter_map(|rule| check(rule, evidence))
        .collect();
    findings.sort_by_key(|f| {
        let explains = observed.is_none_or(|code| code == f.rule.code);
        // Among suspects that wait on as many facts, the one more of whose
        // conditions the evidence already shows explains more of it.
        let shown = match f.certainty {
            Certainty::Suspected => f.evidence.len() - f.unknowns(),
            Certainty::Confirmed => 0,
        };
        (f.certainty, !explains, f.unknowns(), std::cmp::Reverse(shown))
    });
    Diagnosis { findings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::Evidence;

    #[test]
    fn check_first_names_the_fact_most_suspects_wait_on() {
        // Knowing nothing, every rule is a suspect: some fact is shared.
        let all = diagnose(&Evidence::unknown()).findings;
        let first = check_first(&all).expect("a shared unknown fact");
        let waiting = all
            .iter()
            .filter(|f| f.evidence.iter().any(|c| !c.known && c.fact == first.fact))
            .count();
        assert_eq!(first.settles, waiting);
        assert_eq!(first.of, all.len());
        // No other fact is waited on by more suspects.
        for f in &all {
            for c in f.evidence.iter().filter(|c| !c.known) {
                let n = all
                    .iter()
                    .filter(|g| g.evidence.iter().any(|d| !d.known && d.fact == c.fact))
                    .count();
                assert!(n <= first.settles, "{:?} settles {n}", c.fact);
            }
        }
        // A full world leaves no suspect, so nothing to check.
        let world = crate::testing::healthy();
        assert_eq!(check_first(&diagnose(&crate::observe(&world)).findings), None);
    }
}
