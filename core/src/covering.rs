//! t-way covering arrays: a few rows in which every combination of values of
//! every `t` columns appears at least once.
//!
//! Faults in configurable software are triggered by interactions of a few
//! parameters (Kuhn, Wallace and Gallo, NIST), so a covering array of
//! strength 4 over the model's dimensions checks every such interaction in
//! about a thousand worlds, where the full product has some 10^19.
//! [`generate`] is IPOG (Lei, Kacker, Kuhn, Okun and Lawrence, 2007): start
//! from every combination of the first `t` columns, then add one column at a
//! time, first choosing its value in each row for the most new tuples
//! (horizontal growth), then adding or completing rows for the tuples left
//! (vertical growth). [`missing`] checks an array independently, by brute
//! force. Both are deterministic.

/// A cell no tuple has needed yet; filled with 0 (the healthy value) at the end.
const FREE: u8 = u8::MAX;

/// Every `size`-subset of `0..n`, in lexicographic order.
fn subsets(n: usize, size: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if size > n {
        return out;
    }
    let mut pick: Vec<usize> = (0..size).collect();
    loop {
        out.push(pick.clone());
        // The rightmost position that can still move right.
        let Some(i) = (0..size).rev().find(|&i| pick[i] < n - size + i) else {
            return out;
        };
        pick[i] += 1;
        for j in i + 1..size {
            pick[j] = pick[j - 1] + 1;
        }
    }
}

/// The index of `row`'s values on `columns` (mixed radix, last column
/// fastest), or `None` where a cell is free.
fn index(columns: &[usize], counts: &[usize], row: &[u8]) -> Option<usize> {
    columns
        .iter()
        .try_fold(0, |i, &c| (row[c] != FREE).then(|| i * counts[c] + usize::from(row[c])))
}

/// The number of value combinations of `columns`.
fn combinations(columns: &[usize], counts: &[usize]) -> usize {
    columns.iter().map(|&c| counts[c]).product()
}

/// A covering array of strength `t` for columns with `counts[i]` values
/// each (at most 254): rows of value indices, every `t`-tuple covered.
pub fn generate(counts: &[usize], t: usize) -> Vec<Vec<u8>> {
    assert!(counts.iter().all(|&c| (1..usize::from(FREE)).contains(&c)), "1 to 254 values");
    let n = counts.len();
    let t = t.clamp(1, n.max(1));
    if n == 0 {
        return Vec::new();
    }
    let start: Vec<usize> = (0..t).collect();
    let mut rows: Vec<Vec<u8>> = (0..combinations(&start, counts))
        .map(|mut i| {
            let mut row = vec![FREE; n];
            for c in (0..t).rev() {
                row[c] = (i % counts[c]) as u8;
                i /= counts[c];
            }
            row
        })
        .collect();
    for k in t..n {
        let width = counts[k];
        let sets = subsets(k, t - 1);
        // Per subset, the tuples (values of the subset, value of k) not yet covered.
        let mut open: Vec<Vec<bool>> =
            sets.iter().map(|s| vec![true; combinations(s, counts) * width]).collect();
        // Horizontal growth: each row takes the value of k that covers most.
        let mut at = vec![None; sets.len()];
        for row in &mut rows {
            let mut gain = vec![0usize; width];
            for (slot, (s, o)) in at.iter_mut().zip(sets.iter().zip(&open)) {
                *slot = index(s, counts, row);
                if let Some(i) = *slot {
                    for (v, g) in gain.iter_mut().enumerate() {
                        *g += usize::from(o[i * width + v]);
                    }
                }
            }
            // The first value of the largest gain; none gains: leave it free.
            let Some((v, _)) =
                gain.iter().enumerate().filter(|(_, g)| **g > 0).max_by_key(|(v, g)| (**g, !v))
            else {
                continue;
            };
            row[k] = v as u8;
            for (slot, o) in at.iter().zip(&mut open) {
                if let Some(i) = slot {
                    o[i * width + v] = false;
                }
            }
        }
        // Vertical growth: each tuple still open goes into the first row
        // whose cells agree or are free, or into a new row.
        for (s, o) in sets.iter().zip(&open) {
            for (i, _) in o.iter().enumerate().filter(|(_, open)| **open) {
                let mut want: Vec<(usize, u8)> = vec![(k, (i % width) as u8)];
                let mut rest = i / width;
                for &c in s.iter().rev() {
                    want.push((c, (rest % counts[c]) as u8));
                    rest /= counts[c];
                }
                let fits = |row: &Vec<u8>| want.iter().all(|&(c, v)| row[c] == v || row[c] == FREE);
                let row = match rows.iter().position(fits) {
                    Some(at) => &mut rows[at],
                    None => {
                        rows.push(vec![FREE; n]);
                        rows.last_mut().expect("pushed")
                    }
                };
                for &(c, v) in &want {
                    row[c] = v;
                }
            }
        }
    }
    for cell in rows.iter_mut().flatten() {
        if *cell == FREE {
            *cell = 0;
        }
    }
    rows
}

/// How many `t`-tuples there are over columns with `counts` values.
pub fn tuples(counts: &[usize], t: usize) -> usize {
    subsets(counts.len(), t).iter().map(|s| combinations(s, counts)).sum()
}

/// How many `t`-tuples no row of `rows` covers, counted by brute force on
/// `threads` threads: every `t`-subset of the columns, every row.
///
/// The subsets are walked as a tree of column prefixes, each row's index
/// into a prefix's combinations kept for the prefix's extensions, so a
/// subset costs one pass over one column rather than `t` lookups per row.
/// Threads take the first column of a subset from a shared counter,
/// largest subtrees first.
pub fn missing(counts: &[usize], t: usize, rows: &[Vec<u8>], threads: usize) -> usize {
    let n = counts.len();
    if t > n {
        return 0;
    }
    if t == 0 {
        return usize::from(rows.is_empty());
    }
    // Column-major: a subset's last column is one contiguous read.
    let columns: Vec<Vec<u8>> = (0..n).map(|c| rows.iter().map(|r| r[c]).collect()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut seen = Vec::new();
        let mut missing = 0;
        let start = vec![0; rows.len()];
        loop {
            let first = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if first > n - t {
                return missing;
            }
            let prefix = extend(&start, &columns[first], counts[first]);
            let walk = Prefix { columns: &columns, counts, index: &prefix, width: counts[first] };
            missing += walk.count(first + 1, t - 1, &mut seen);
        }
    };
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..threads.max(1)).map(|_| scope.spawn(work)).collect();
        parts.into_iter().map(|p| p.join().expect("a counting thread")).sum()
    })
}

/// A row that does not set one of a prefix's columns covers none of its
/// tuples.
const UNSET: usize = usize::MAX;

/// Each row's index into the combinations of a prefix, extended by `column`.
fn extend(index: &[usize], column: &[u8], count: usize) -> Vec<usize> {
    index
        .iter()
        .zip(column)
        .map(|(&i, &v)| if i == UNSET || v == FREE { UNSET } else { i * count + usize::from(v) })
        .collect()
}

/// A prefix of columns: each row's index into its `width` combinations.
struct Prefix<'a> {
    columns: &'a [Vec<u8>],
    counts: &'a [usize],
    index: &'a [usize],
    width: usize,
}

impl Prefix<'_> {
    /// The tuples no row covers over every extension of the prefix by
    /// `more` columns from `from` on.
    fn count(&self, from: usize, more: usize, seen: &mut Vec<bool>) -> usize {
        if more == 0 {
            seen.clear();
            seen.resize(self.width, false);
            for &i in self.index.iter().filter(|&&i| i != UNSET) {
                seen[i] = true;
            }
            return seen.iter().filter(|s| !**s).count();
        }
        let last = self.columns.len() - more;
        let mut missing = 0;
        for c in from..=last {
            let (column, count) = (&self.columns[c], self.counts[c]);
            if more > 1 {
                let index = extend(self.index, column, count);
                let walk = Prefix { index: &index, width: self.width * count, ..*self };
                missing += walk.count(c + 1, more - 1, seen);
                continue;
            }
            seen.clear();
            seen.resize(self.width * count, false);
            for (&i, &v) in self.index.iter().zip(column) {
                if i != UNSET && v != FREE {
                    seen[i * count + usize::from(v)] = true;
                }
            }
            missing += seen.iter().filter(|s| !**s).count();
        }
        missing
    }
}

/// `rows` as text: a header naming the value counts they were made for,
/// then one line per row, a digit per column.
pub fn to_text(counts: &[usize], t: usize, rows: &[Vec<u8>]) -> String {
    let counts: Vec<String> = counts.iter().map(ToString::to_string).collect();
    let mut out = format!("# strength {t}, value counts {}\n", counts.join(" "));
    for row in rows {
        out.extend(row.iter().map(|v| char::from(b'0' + v)));
        out.push('\n');
    }
    out
}

/// Reads what [`to_text`] wrote, if it was made for `counts` at strength `t`.
pub fn from_text(text: &str, counts: &[usize], t: usize) -> Option<Vec<Vec<u8>>> {
    let (header, body) = text.split_once('\n')?;
    let expected = to_text(counts, t, &[]);
    if format!("{header}\n") != expected {
        return None;
    }
    body.lines()
        .map(|line| {
            let row: Vec<u8> = line.bytes().map(|b| b.wrapping_sub(b'0')).collect();
            let fits = row.len() == counts.len()
                && row.iter().zip(counts).all(|(v, c)| usize::from(*v) < *c);
            fits.then_some(row)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_are_every_combination_once() {
        assert_eq!(subsets(4, 2), [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
        assert_eq!(subsets(3, 0), [Vec::<usize>::new()]);
        assert_eq!(subsets(2, 3), Vec::<Vec<usize>>::new());
        assert_eq!(subsets(10, 4).len(), 210);
    }

    #[test]
    fn arrays_cover_every_tuple_and_stay_small() {
        for (counts, t) in [
            (vec![2; 10], 2),
            (vec![3, 2, 5, 2, 4, 2, 2, 3], 3),
            (vec![2, 3, 2, 2, 5, 2, 2, 4, 2, 2, 3, 2], 4),
            (vec![2, 2], 4),
        ] {
            let rows = generate(&counts, t);
            assert_eq!(missing(&counts, t, &rows, 2), 0, "{counts:?} t={t}");
            assert!(rows.iter().all(|r| r.iter().zip(&counts).all(|(v, c)| usize::from(*v) < *c)));
            // Far fewer rows than the full product.
            let product: usize = counts.iter().product();
            assert!(rows.len() * 4 <= product || counts.len() <= t, "{} rows", rows.len());
        }
        // Strength 2 over ten binary columns: the optimum is 6; IPOG's
        // greedy growth stays near it.
        assert!(generate(&[2; 10], 2).len() <= 10);
    }

    #[test]
    fn the_checker_sees_a_missing_tuple() {
        let counts = [2, 2, 2];
        assert_eq!(tuples(&counts, 2), 12);
        // The smallest pairwise array of three binary columns.
        let mut rows = vec![vec![0, 0, 0], vec![0, 1, 1], vec![1, 0, 1], vec![1, 1, 0]];
        assert_eq!(missing(&counts, 2, &rows, 1), 0);
        assert_eq!(generate(&counts, 2).len(), 4);
        // Without its last row, three pairs are left: 1-1, 1-0 and 1-0.
        rows.pop();
        assert_eq!(missing(&counts, 2, &rows, 1), 3);
    }

    /// The plain count: every subset, every row, `t` lookups each.
    fn missing_plainly(counts: &[usize], t: usize, rows: &[Vec<u8>]) -> usize {
        subsets(counts.len(), t)
            .iter()
            .map(|s| {
                let mut seen = vec![false; combinations(s, counts)];
                for row in rows {
                    if let Some(i) = index(s, counts, row) {
                        seen[i] = true;
                    }
                }
                seen.iter().filter(|s| !**s).count()
            })
            .sum()
    }

    #[test]
    fn the_prefix_count_is_the_plain_count() {
        // Arrays with holes: some rows dropped, some cells left free.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let mut with_holes = 0;
        for case in 0..40 {
            let n = 1 + next(8);
            let counts: Vec<usize> = (0..n).map(|_| 1 + next(4)).collect();
            let t = next(5);
            let mut rows = generate(&counts, t.max(1));
            rows.retain(|_| next(4) != 0);
            for row in &mut rows {
                if next(3) == 0 {
                    row[next(n)] = FREE;
                }
            }
            let plain = missing_plainly(&counts, t, &rows);
            with_holes += usize::from(plain > 0);
            for threads in [1, 3] {
                assert_eq!(
                    missing(&counts, t, &rows, threads),
                    plain,
                    "case {case}: {counts:?} t={t}, {} rows",
                    rows.len()
                );
            }
        }
        assert!(with_holes >= 10, "{with_holes} cases with tuples missing");
        assert_eq!(missing(&[2, 2], 0, &[], 1), 1);
        assert_eq!(missing(&[2, 2], 3, &[], 1), 0);
    }

    #[test]
    fn arrays_read_back_only_for_their_own_table() {
        let counts = [2, 3, 2, 2];
        let rows = generate(&counts, 2);
        let text = to_text(&counts, 2, &rows);
        assert_eq!(from_text(&text, &counts, 2), Some(rows));
        assert_eq!(from_text(&text, &counts, 3), None);
        assert_eq!(from_text(&text, &[2, 3, 2, 2, 2], 2), None);
        assert_eq!(from_text(&text.replace("\n0", "\n9"), &counts, 2), None);
    }

    #[test]
    fn generation_is_deterministic() {
        let counts = [3, 2, 2, 4, 2, 2, 2, 3];
        assert_eq!(generate(&counts, 3), generate(&counts, 3));
    }
}
