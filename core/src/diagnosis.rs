//! Diagnosis: runs every rule of the registry over the evidence and keeps
//! each cause present, with the facts that fired it.
//!
//! A diagnosis is a value, not an error. Three-valued logic: a rule whose
//! conditions all hold is *confirmed*; one with no failed condition but some
//! unknown facts is *suspected*, and names the checks that would settle it.

use crate::evidence::Evidence;
use crate::payload::ErrorCode;
use crate::recognize::{Client, Seen};
pub use crate::rules::{Cond, Match};
use crate::rules::{Rule, Way, RULES};
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
    /// How each part of what was seen fits the cause.
    pub fits: Vec<(Seen, Fit)>,
    /// Whether the cause accounts for what was seen: none of it from
    /// behind an earlier stop (true where nothing was seen).
    pub explains: bool,
    /// What the ranking weighs: the unknown facts the cause still needs and
    /// what it shows only another way, as a negative log likelihood (lower
    /// is likelier; see [`crate::prior`]).
    pub cost: f64,
}

/// How a cause answers one part of what was seen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fit {
    /// The cause's own payload shows it.
    Shows,
    /// The cause shows it another way the sources give.
    Alternative(Way, Source),
    /// No source ties the cause to it (a client's message); it counts
    /// against the cause without ruling it out.
    Unexplained,
    /// It says nothing of the catalog's causes (a code no cause gives).
    Neutral,
    /// The run stopped before the cause's stage: the cause may be there,
    /// but it is not what was seen.
    Behind,
    /// No documented path of the cause shows it: the cause is ruled out.
    Contradicts,
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

/// Runs one rule, its unknown facts weighed against a healthy machine.
pub fn check(rule: &'static Rule, evidence: &Evidence) -> Option<Finding> {
    let baseline = crate::prior::healthy_for(evidence.run_mode.value);
    let mut m = Match { baseline: Some(baseline), ..Match::default() };
    (rule.detect)(evidence, &mut m);
    if m.missed {
        return None;
    }
    let certainty =
        if m.conds.iter().all(|c| c.known) { Certainty::Confirmed } else { Certainty::Suspected };
    let cost = -crate::prior::prevalence(rule.id).share().ln()
        + m.conds
            .iter()
            .filter(|c| !c.known)
            .map(|c| crate::prior::fact_cost(c.fact, c.needs_healthy))
            .sum::<f64>();
    Some(Finding { rule, certainty, evidence: m.conds, fits: Vec::new(), explains: true, cost })
}

/// Runs every rule of the registry.
pub fn diagnose(evidence: &Evidence) -> Diagnosis {
    diagnose_rules(evidence, RULES)
}

/// `STATUS_LOGON_FAILURE`, the status of any refused logon.
const LOGON_FAILURE: u32 = 0xC000_006D;

/// The statuses that say more of a failure another one names: Windows logs
/// STATUS_LOGON_FAILURE and STATUS_ACCOUNT_RESTRICTION with these as the
/// sub-status (event 4625).
fn refines(parent: u32, status: u32) -> bool {
    match parent {
        0xC000_006D => matches!(status, 0xC000_006A | 0xC000_0064),
        0xC000_006E => {
            matches!(status, 0xC000_006F | 0xC000_0071 | 0xC000_0072 | 0xC000_0193 | 0xC000_0224)
        }
        _ => false,
    }
}

/// The status a code other than WindowsIdentityIncorrect carries: the
/// Windows text its message is, or the status its name is.
fn carried(code: ErrorCode) -> Option<u32> {
    match code {
        ErrorCode::AccountLockedOut => Some(0xC000_0234),
        ErrorCode::LogonTypeNotGranted => Some(0xC000_015B),
        _ => None,
    }
}

/// Whether the cause's own payload shows `seen`.
fn shows(rule: &Rule, seen: Seen) -> bool {
    match seen {
        Seen::Code(code) => code == rule.code || rule.code.queued_under() == Some(code),
        Seen::Status(status) => {
            let own = rule.sub_code.map(|s| s.value() as u32).or(carried(rule.code));
            own.is_some_and(|own| own == status || refines(own, status))
        }
        Seen::Client(Client::ConnectionCredentialsIssue) => matches!(
            rule.code,
            ErrorCode::InvalidConnectionCredentials | ErrorCode::WindowsIdentityIncorrect
        ),
        _ => false,
    }
}

/// The client's word for any refused logon, for a cause whose payload is
/// STATUS_LOGON_FAILURE.
const CLIENT_REFUSED: Source = Source::documented(
    crate::source::links::AZURE_VM_SIGN_IN,
    "the Remote Desktop client reports a refused Entra sign-in as credentials that did not work",
);

/// The first stage where some cause shows `seen` (or, for a client's
/// message, declares it): a run that showed it got past every stage before.
fn first_stage(seen: Seen) -> Option<Stage> {
    RULES
        .iter()
        .filter(|r| {
            shows(r, seen)
                || r.also.iter().any(|a| a.seen == seen)
                || (seen == Seen::Client(Client::CredentialsDidNotWork)
                    && shows(r, Seen::Status(LOGON_FAILURE)))
        })
        .map(|r| r.stage)
        .min()
}

/// How `rule`'s cause answers `seen`.
pub fn fit(rule: &Rule, seen: Seen) -> Fit {
    if shows(rule, seen) {
        return Fit::Shows;
    }
    if let Some(also) = rule.also.iter().find(|a| a.seen == seen) {
        return Fit::Alternative(also.way, also.source);
    }
    if seen == Seen::Client(Client::CredentialsDidNotWork)
        && shows(rule, Seen::Status(LOGON_FAILURE))
    {
        return Fit::Alternative(Way::Client, CLIENT_REFUSED);
    }
    let Some(stage) = first_stage(seen) else {
        // Nothing in the catalog gives it: it tells no cause apart.
        return Fit::Neutral;
    };
    if rule.stage > stage {
        return Fit::Behind;
    }
    match seen {
        // A client's words or an event's pattern may come from another
        // attempt than the run's: they weigh, never rule out.
        Seen::Client(_) | Seen::Event(_) => Fit::Unexplained,
        _ => Fit::Contradicts,
    }
}

/// Every part of what was seen: the observations, and the error and its
/// sub-code as facts give them (an event's status among them).
pub fn seen(evidence: &Evidence) -> Vec<Seen> {
    let mut parts = evidence.observed.clone();
    if let Some(code) = evidence.observed_error.value {
        parts.push(Seen::Code(code));
    }
    if let Some(sub) = evidence.observed_sub_code.value {
        parts.push(Seen::Status(sub.value() as u32));
    }
    parts.sort_unstable();
    parts.dedup();
    parts
}

/// Runs `rules` and ranks the findings by how well each cause explains
/// what was seen: first the causes that account for it (none of it from
/// behind an earlier stop); among them, by cost, the weighed unknown facts
/// each still needs plus what it shows only another way ([`crate::prior`]);
/// then catalog order.
///
/// What was seen weighs each cause ([`fit`]): a part its payload shows
/// costs nothing, a part it shows only another way the sources give costs
/// a little, a client's message no source ties to it costs more, and a part
/// no documented path of the cause shows rules it out. A cause of a later
/// stage than what was seen is kept, as possibly present behind the stop.
/// Where a failed logon shows Windows found the account and checked its
/// password, a cause of the same error from before that check is ruled out.
pub fn diagnose_rules(evidence: &Evidence, rules: &[&'static Rule]) -> Diagnosis {
    let observed = evidence.observed_error.value;
    let parts = seen(evidence);
    let mut findings: Vec<Finding> = rules
        .iter()
        .filter(|rule| {
            evidence.password_checked.value != Some(true)
                || observed != Some(rule.code)
                || rule.stage >= Stage::WindowsLogon
        })
        .filter_map(|rule| {
            let mut fits: Vec<(Seen, Fit)> = parts.iter().map(|&p| (p, fit(rule, p))).collect();
            // Several codes are several attempts: a cause that gives one of
            // them is not ruled out by the others, they weigh against it.
            let codes = fits.iter().filter(|(s, _)| matches!(s, Seen::Code(_))).count();
            let gives_one = fits.iter().any(|(s, f)| {
                matches!(s, Seen::Code(_)) && matches!(f, Fit::Shows | Fit::Alternative(..))
            });
            if codes > 1 && gives_one {
                for (seen, f) in &mut fits {
                    if matches!(seen, Seen::Code(_)) && *f == Fit::Contradicts {
                        *f = Fit::Unexplained;
                    }
                }
            }
            if fits.iter().any(|(_, f)| *f == Fit::Contradicts) {
                return None;
            }
            let mut finding = check(rule, evidence)?;
            finding.explains = !fits.iter().any(|(_, f)| *f == Fit::Behind);
            finding.cost += fits
                .iter()
                .map(|(_, f)| match f {
                    Fit::Alternative(way, _) => -crate::prior::way_likelihood(*way).ln(),
                    Fit::Unexplained => -crate::prior::UNEXPLAINED.ln(),
                    _ => 0.0,
                })
                .sum::<f64>();
            finding.fits = fits;
            Some(finding)
        })
        .collect();
    findings.sort_by(|a, b| a.explains.cmp(&b.explains).reverse().then(a.cost.total_cmp(&b.cost)));
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
