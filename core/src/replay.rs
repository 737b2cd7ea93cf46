//! Proving the remediation: apply a finding's actions to the world, simulate
//! again, and check what the troubleshooting promised.
//!
//! The checks, for one world and a rule catalog:
//! - a failure is explained by a finding with its code at its stage;
//! - a success has no finding, and full knowledge leaves none suspected;
//! - each finding is removed by at least one of its remedies, replayed alone;
//! - fixing every finding, running again and repeating (as a person does)
//!   reaches a clean success within a few rounds.

use std::fmt;

use crate::diagnosis::{fires, firing, Certainty, Diagnosis};

use crate::evidence::{observe, Evidence};
use crate::model::World;
use crate::payload::ErrorCode;
use crate::remedy::Remedy;
use crate::rules::Rule;
use crate::sim::{simulate_quietly, Stage};

/// Runs `rules` over the world's evidence.
pub fn diagnose_with(world: &World, rules: &[&'static Rule]) -> Diagnosis {
    crate::diagnosis::diagnose_rules(&observe(world), rules)
}

/// The rules of `rules` that fire on `world`, in order, without evidence text.
pub fn fired(world: &World, rules: &[&'static Rule]) -> Vec<(&'static Rule, Certainty)> {
    let evidence = observe(world);
    firing(rules.iter().copied(), &evidence).collect()
}

/// `world` with the remedy's actions applied in order.
pub fn apply(world: &World, remedy: &Remedy) -> World {
    let mut fixed = world.clone();
    for action in remedy.actions() {
        action.apply(&mut fixed);
    }
    fixed
}

/// What replaying one remedy of one finding did.
#[derive(Clone, Debug)]
pub struct RemedyReplay {
    /// The rule whose remedy was replayed.
    pub rule: &'static Rule,
    /// Index into `rule.remedies`.
    pub remedy: usize,
    /// The remedy has actions the simulation can take.
    pub simulated: bool,
    /// Applying it alone removed the finding.
    pub removed: bool,
}

/// A way the model, the rules and the remediation disagree on one world.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// The run fails and no finding explains the code at the stage.
    Unexplained {
        /// The code the run failed with.
        code: ErrorCode,
        /// Where it stopped.
        stage: Option<Stage>,
    },
    /// A succeeding world has findings.
    FindingsOnSuccess(Vec<&'static str>),
    /// A world with full knowledge left a finding suspected.
    Suspected(&'static str),
    /// No remedy of the rule removes its finding.
    FixKeepsFinding(&'static str),
    /// Fixing every finding and running again never reaches a clean success.
    FixLoopStuck,
}

impl Violation {
    /// The kind of violation, as `verify` counts it: what broke and where,
    /// without the world.
    pub fn kind(&self) -> String {
        match self {
            Violation::Unexplained { code, stage } => {
                format!("unexplained {code} at {}", stage.map_or("?", |s| s.as_str()))
            }
            Violation::FindingsOnSuccess(ids) => format!("findings on success {}", ids.join(",")),
            Violation::Suspected(id) => format!("suspected {id}"),
            Violation::FixKeepsFinding(id) => format!("fix keeps finding {id}"),
            Violation::FixLoopStuck => "fix loop stuck".to_owned(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Unexplained { code, stage } => write!(
                f,
                "the run fails with {code} at {} but no finding explains it",
                stage.map_or("?", |s| s.as_str())
            ),
            Violation::FindingsOnSuccess(ids) => {
                write!(f, "the run succeeds but {} fired", ids.join(", "))
            }
            Violation::Suspected(id) => write!(f, "{id} is only suspected with full knowledge"),
            Violation::FixKeepsFinding(id) => {
                write!(f, "no remedy of {id}, applied alone, removes its finding")
            }
            Violation::FixLoopStuck => {
                write!(f, "fixing every finding and running again does not reach a clean success")
            }
        }
    }
}

/// The result of checking one world.
#[derive(Clone, Debug, Default)]
pub struct Verdict {
    /// The error the world's run fails with, if it does.
    pub error: Option<ErrorCode>,
    /// Every way the world breaks an invariant.
    pub violations: Vec<Violation>,
    /// Each remedy of each finding, replayed alone.
    pub replays: Vec<RemedyReplay>,
    /// Rounds of the fix loop that led to a clean success, if it did.
    pub rounds: Option<usize>,
}

/// Most rounds of the fix loop before it counts as stuck.
pub const MAX_ROUNDS: usize = 6;

/// Checks one world against `rules`.
pub fn verify_world(world: &World, rules: &[&'static Rule]) -> Verdict {
    verify_world_with(world, rules, &mut Memo::default())
}

/// Where the fix loop goes from worlds already met: over the space, nine
/// rounds in ten start from a world another world's fixes led to already.
/// One per worker; it forgets everything when it grows past `CAPACITY`
/// worlds (neighbouring worlds share their fixed forms, so recent ones are
/// the ones that come back). Only speed depends on it: every answer is the
/// one worked out without it.
///
/// Replays of single remedies are not kept: three in four meet a world
/// seen before, but hashing and keeping the world costs more than checking
/// it again.
#[derive(Debug, Default)]
pub struct Memo {
    /// Keyed by the whole world (no hash alone stands for it); Fx, as
    /// SipHash's defence against chosen keys buys nothing here.
    settled: rustc_hash::FxHashMap<World, Settle>,
}

/// What the fix loop does from one world.
#[derive(Clone, Copy, Debug)]
enum Settle {
    /// A clean success after this many rounds.
    Clean(usize),
    /// No clean success within this many rounds.
    Stuck(usize),
}

impl Memo {
    const CAPACITY: usize = 1 << 16;

    /// Rounds of the fix loop from `world` (whose findings are not yet
    /// looked at) to a clean success, within `budget` rounds.
    fn rounds_from(
        &mut self,
        world: &World,
        rules: &[&'static Rule],
        budget: usize,
    ) -> Option<usize> {
        match self.settled.get(world) {
            Some(Settle::Clean(n)) => return (*n <= budget).then_some(*n),
            Some(Settle::Stuck(b)) if budget <= *b => return None,
            _ => {}
        }
        let rounds = self.work_out(world, rules, budget);
        if self.settled.len() >= Self::CAPACITY {
            self.settled.clear();
        }
        let settle = rounds.map_or(Settle::Stuck(budget), Settle::Clean);
        self.settled.insert(world.clone(), settle);
        rounds
    }

    fn work_out(&mut self, world: &World, rules: &[&'static Rule], budget: usize) -> Option<usize> {
        let found = fired(world, rules);
        if found.is_empty() && simulate_quietly(world).error().is_none() {
            return Some(0);
        }
        if budget == 0 {
            return None;
        }
        let chosen = replay_round(world, &found, rules).chosen;
        let next = apply_all(world, &chosen)?;
        self.rounds_from(&next, rules, budget - 1).map(|n| n + 1)
    }
}

/// `world` with every chosen remedy applied, or `None` when they change
/// nothing (the loop is stuck).
fn apply_all(world: &World, chosen: &[&Remedy]) -> Option<World> {
    let mut next = world.clone();
    for remedy in chosen {
        for action in remedy.actions() {
            action.apply(&mut next);
        }
    }
    (next != *world).then_some(next)
}

/// [`verify_world`] with the fix loop's outcomes shared across calls.
pub fn verify_world_with(world: &World, rules: &[&'static Rule], memo: &mut Memo) -> Verdict {
    let attempt = simulate_quietly(world);
    let found = fired(world, rules);
    let mut verdict = Verdict { error: attempt.error().map(|e| e.code), ..Verdict::default() };
    match attempt.error() {
        None => {
            if !found.is_empty() {
                let ids = found.iter().map(|(rule, _)| rule.id).collect();
                verdict.violations.push(Violation::FindingsOnSuccess(ids));
            }
            return verdict;
        }
        Some(error) => {
            let stage = attempt.failed_stage();
            // The sub-code too, where the payload shows one: a diagnosis
            // from a real error rules out causes with another.
            let explained = found.iter().any(|(r, _)| {
                r.code == error.code
                    && Some(r.stage) == stage
                    && error.sub_code.is_none_or(|s| r.sub_code == Some(s))
            });
            if !explained {
                verdict.violations.push(Violation::Unexplained { code: error.code, stage });
            }
        }
    }
    for &(rule, certainty) in &found {
        if certainty == Certainty::Suspected {
            verdict.violations.push(Violation::Suspected(rule.id));
        }
    }
    let round = replay_round(world, &found, rules);
    for &(rule, _) in &found {
        if !round.replays.iter().any(|r| std::ptr::eq(r.rule, rule) && r.removed) {
            verdict.violations.push(Violation::FixKeepsFinding(rule.id));
        }
    }
    verdict.replays = round.replays;
    verdict.rounds = apply_all(world, &round.chosen)
        .and_then(|next| memo.rounds_from(&next, rules, MAX_ROUNDS - 1))
        .map(|n| n + 1);
    if verdict.rounds.is_none() {
        verdict.violations.push(Violation::FixLoopStuck);
    }
    verdict
}

/// Every remedy of every finding replayed alone on `world`, and the remedy
/// the fix loop picks for each finding: the first that removes it without
/// raising a finding that was not there, else the first that removes it.
struct Round<'r> {
    replays: Vec<RemedyReplay>,
    chosen: Vec<&'r Remedy>,
}

fn replay_round(
    world: &World,
    found: &[(&'static Rule, Certainty)],
    rules: &[&'static Rule],
) -> Round<'static> {
    let mut round = Round { replays: Vec::new(), chosen: Vec::new() };
    for &(rule, _) in found {
        let mut removing = Vec::new();
        for (i, remedy) in rule.remedies.iter().enumerate() {
            let simulated = remedy.actions().next().is_some();
            let next = apply(world, remedy);
            let removed = simulated && {
                let evidence = observe(&next);
                // A remedy that leads to a world no one could have fixes
                // nothing (checked last: most replays that keep the finding
                // end sooner).
                let removed = fires(rule, &evidence).is_none() && next.is_possible();
                if removed {
                    removing.push((remedy, evidence));
                }
                removed
            };
            round.replays.push(RemedyReplay { rule, remedy: i, simulated, removed });
        }
        // With a choice, prefer the first remedy that raises no finding that
        // was not there; the rest of the catalog runs only then.
        // Rules are statics: the same rule is the same address.
        let new = |r: &&'static Rule| !found.iter().any(|(f, _)| std::ptr::eq(*f, *r));
        let clean = |ev: &Evidence| firing(rules.iter().copied().filter(new), ev).next().is_none();
        let pick = match removing.len() {
            0 => None,
            1 => Some(removing[0].0),
            _ => removing.iter().find(|(_, ev)| clean(ev)).or(removing.first()).map(|(r, _)| *r),
        };
        round.chosen.extend(pick);
    }
    round
}

/// Troubleshooting as a person does it: fix every finding (each with its
/// chosen remedy), run again, repeat. Some causes only show once the one
/// before them is fixed (a username Windows cannot resolve hides the state of
/// the account it should have named). Returns the rounds it took to reach a
/// clean success.
pub fn fix_loop(world: &World, rules: &[&'static Rule]) -> Option<usize> {
    fix_loop_traced(world, rules, &mut |_, _| {})
}

/// One round of the fix loop: the rules found, and the remedy applied for
/// each (by title), in catalog order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixRound {
    /// The ids of the rules that fired before the round.
    pub found: Vec<&'static str>,
    /// The title of each remedy the round applied.
    pub applied: Vec<&'static str>,
}

/// The fix loop with what each round found and applied; `None` when it does
/// not reach a clean success.
pub fn fix_rounds(world: &World, rules: &[&'static Rule]) -> (Vec<FixRound>, Option<usize>) {
    let mut rounds = Vec::new();
    let result = fix_loop_traced(world, rules, &mut |found, chosen| {
        rounds.push(FixRound {
            found: found.iter().map(|(rule, _)| rule.id).collect(),
            applied: chosen.iter().map(|remedy| remedy.title).collect(),
        });
    });
    (rounds, result)
}

/// What the fix loop tells of each round: its findings and chosen remedies.
type Recorder<'a> = dyn FnMut(&[(&'static Rule, Certainty)], &[&Remedy]) + 'a;

/// The fix loop, calling `record` with each round's findings and chosen
/// remedies before it applies them. (`verify` takes `Memo::rounds_from`,
/// the same loop with its outcomes kept.)
fn fix_loop_traced(world: &World, rules: &[&'static Rule], record: &mut Recorder) -> Option<usize> {
    let mut found = fired(world, rules);
    if found.is_empty() && simulate_quietly(world).error().is_none() {
        return Some(0);
    }
    let mut chosen = replay_round(world, &found, rules).chosen;
    let mut current = world.clone();
    for round in 1..=MAX_ROUNDS {
        record(&found, &chosen);
        let before = current.clone();
        for remedy in chosen {
            for action in remedy.actions() {
                action.apply(&mut current);
            }
        }
        if current == before {
            return None;
        }
        found = fired(&current, rules);
        if found.is_empty() && simulate_quietly(&current).error().is_none() {
            return Some(round);
        }
        chosen = replay_round(&current, &found, rules).chosen;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DomainKind;
    use crate::rules::RULES;
    use crate::testing::*;

    #[test]
    fn both_ways_out_of_a_federated_aadsts50126_replay() {
        let mut w = token_path();
        w.tenant.domains[0].kind = DomainKind::Federated;
        let verdict = verify_world(&w, RULES);
        assert!(verdict.violations.is_empty(), "{:?}", verdict.violations);
        let fc006: Vec<_> = verdict.replays.iter().filter(|r| r.rule.id == "FC006").collect();
        assert_eq!(fc006.len(), 2);
        assert!(fc006.iter().all(|r| r.simulated && r.removed));
    }

    #[test]
    fn the_memo_changes_no_answer() {
        // A contiguous run of the space, as a `verify` worker meets it:
        // the kept outcomes give the rounds the plain loop counts.
        use crate::space::{size, Builder, Dims, Passwords};
        let builder = Builder::new(Passwords::default());
        let mut memo = Memo::default();
        let start = size() / 3;
        for index in start..start + 600 {
            let world = builder.world(&Dims::at(index));
            let verdict = verify_world_with(&world, RULES, &mut memo);
            let plain = (verdict.error.is_some()).then(|| fix_loop(&world, RULES));
            assert_eq!(verdict.rounds, plain.flatten(), "world {index}");
        }
        assert!(!memo.settled.is_empty());
    }

    #[test]
    fn a_missing_rule_leaves_a_failure_unexplained() {
        let mut w = healthy();
        w.machine.work_accounts[0].synced = false;
        let without: Vec<&'static Rule> =
            RULES.iter().copied().filter(|r| r.id != "FC019").collect();
        let verdict = verify_world(&w, &without);
        assert!(verdict.violations.iter().any(|v| matches!(v, Violation::Unexplained { .. })));
        assert!(verify_world(&w, RULES).violations.is_empty());
    }
}
