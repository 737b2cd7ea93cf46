//! What a rule's detection writes into: the conditions it tested, each an
//! evidence line, in three-valued logic (a condition on an unknown fact
//! leaves the rule possible). It lives beside [`Rule`](super::Rule), so the
//! rules need nothing from the diagnosis that runs them.

use std::any::Any;

use crate::evidence::{Evidence, Fact, FactId, FactValue};

/// One condition a rule tested, as an evidence line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cond {
    /// Which fact the condition read.
    pub fact: FactId,
    /// `label : value`, or `label : unknown`.
    pub text: String,
    /// Whether the fact was known.
    pub known: bool,
    /// The input line that showed the fact, when it came from a parsed artifact.
    pub line: Option<u32>,
    /// For an unknown fact, whether the condition asks for the value a
    /// healthy machine shows (a default, likely) or another (a fault, less
    /// so); `None` where that is not known. The ranking weighs it.
    pub needs_healthy: Option<bool>,
}

/// What a rule's detection writes into: the conditions it tested.
#[derive(Debug, Default)]
pub struct Match {
    pub(crate) conds: Vec<Cond>,
    pub(crate) missed: bool,
    /// Only whether the rule fires matters: write no evidence text.
    pub(crate) quiet: bool,
    pub(crate) unknown: bool,
    /// A healthy machine's evidence: where a fact is unknown, the condition
    /// is tried on its value there to say whether it asks for a fault.
    pub(crate) baseline: Option<&'static Evidence>,
}

impl Match {
    /// The fact must equal `want`.
    #[inline]
    pub fn is<T: PartialEq + FactValue + 'static>(&mut self, fact: &Fact<T>, want: T) {
        self.test(fact, |value| *value == want);
    }

    /// The fact must satisfy `holds`. An unknown fact leaves the rule possible.
    ///
    /// The quiet path (replays and `verify` ask only whether a rule fires)
    /// is a few instructions inlined into the rule; writing the evidence line
    /// is out of line.
    #[inline]
    pub fn test<T: FactValue + 'static>(&mut self, fact: &Fact<T>, holds: impl FnOnce(&T) -> bool) {
        if self.missed {
            return;
        }
        if self.quiet {
            match &fact.value {
                Some(value) => self.missed = !holds(value),
                None => self.unknown = true,
            }
            return;
        }
        self.write(fact, holds);
    }

    #[inline(never)]
    fn write<T: FactValue + 'static>(&mut self, fact: &Fact<T>, holds: impl FnOnce(&T) -> bool) {
        let label = fact.id.label();
        match &fact.value {
            Some(value) => {
                if holds(value) {
                    self.conds.push(Cond {
                        fact: fact.id,
                        text: format!("{label} : {}", value.show()),
                        known: true,
                        line: fact.line,
                        needs_healthy: None,
                    });
                } else {
                    self.missed = true;
                }
            }
            None => {
                let healthy = healthy_value(self.baseline, fact);
                self.conds.push(Cond {
                    fact: fact.id,
                    text: format!("{label} : unknown"),
                    known: false,
                    line: None,
                    needs_healthy: healthy.map(holds),
                });
            }
        }
    }
}

impl Match {
    /// Shows a fact as evidence when it is known, and asks nothing of it:
    /// context a reader wants beside the conditions (`WorkplaceJoined : YES`
    /// beside `AzureAdJoined : NO`).
    #[inline]
    pub fn note<T: FactValue + 'static>(&mut self, fact: &Fact<T>) {
        if fact.value.is_some() {
            self.test(fact, |_| true);
        }
    }

    /// A consequence of the cause: where the fact is known it must satisfy
    /// `holds` (and shows as evidence), but an unknown one leaves nothing to
    /// settle, since the rule's other conditions already imply it.
    #[inline]
    pub fn implied<T: FactValue + 'static>(
        &mut self,
        fact: &Fact<T>,
        holds: impl FnOnce(&T) -> bool,
    ) {
        if fact.value.is_some() {
            self.test(fact, holds);
        }
    }

    /// Two facts must together satisfy `holds`; either unknown leaves the rule possible.
    #[inline]
    pub fn test2<A: FactValue + 'static, B: FactValue + 'static>(
        &mut self,
        a: &Fact<A>,
        b: &Fact<B>,
        holds: impl Fn(&A, &B) -> bool,
    ) {
        if self.missed {
            return;
        }
        match (&a.value, &b.value) {
            (Some(x), Some(y)) if !holds(x, y) => self.missed = true,
            (Some(_), Some(_)) => {
                self.test(a, |_| true);
                self.test(b, |_| true);
            }
            _ if self.quiet => self.unknown = true,
            (x, y) => {
                // Record both as evidence, known or not. The condition is one:
                // it asks for a fault where it fails on a healthy machine (the
                // known fact as it is, the unknown one as a healthy machine
                // has it), and the first unknown fact carries that weight.
                let hx = x.as_ref().or_else(|| healthy_value(self.baseline, a));
                let hy = y.as_ref().or_else(|| healthy_value(self.baseline, b));
                let joint = match (hx, hy) {
                    (Some(hx), Some(hy)) => Some(holds(hx, hy)),
                    _ => None,
                };
                let first = self.conds.len();
                self.test(a, |_| true);
                self.test(b, |_| true);
                let mut weighed = false;
                for cond in self.conds[first..].iter_mut().filter(|c| !c.known) {
                    cond.needs_healthy = if weighed { Some(true) } else { joint };
                    weighed = true;
                }
            }
        }
    }
}

/// `fact`'s value on a healthy machine, where the baseline has one.
fn healthy_value<T: 'static>(
    baseline: Option<&'static Evidence>,
    fact: &Fact<T>,
) -> Option<&'static T> {
    (baseline?.get(fact.id) as &dyn Any).downcast_ref::<Fact<T>>()?.value.as_ref()
}
