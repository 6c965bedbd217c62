//! Each method's search aliases: what rustdoc's search finds it by besides
//! its name. An alias must be true of its operation and must not name
//! another operation's action: a phrasing of one summary in another
//! verb's words ("show members") is dropped when another operation says
//! it of itself. The settings' `aliases:` add a user's words where the
//! spec is silent ("who am i").

use crate::diagnostics::Diagnostics;
use crate::settings::Settings;
use std::collections::{BTreeSet, HashSet};
use templates::model::Operation;
use templates::operations::{phrasings, search_text, Phrasings};

/// Sets every operation's `aliases`: its summary as one types it, its own
/// phrasings, its verb's synonyms that no other operation claims, the
/// settings' aliases for it, and `METHOD /path`. A settings alias for a
/// method the spec does not have is a warning.
pub(super) fn assign(operations: &mut [Operation], settings: &Settings, diags: &mut Diagnostics) {
    let summaries: Vec<String> = operations
        .iter()
        .map(|op| op.docs.first().map(|l| search_text(l)).unwrap_or_default())
        .collect();
    let phrased: Vec<Phrasings> = summaries.iter().map(|s| phrasings(s)).collect();
    // What each operation says of itself, by operation, and every phrase
    // any operation says of itself (one set: the check below is a lookup,
    // not a walk over the other operations).
    let own: Vec<BTreeSet<&str>> = summaries
        .iter()
        .zip(&phrased)
        .map(|(summary, p)| {
            std::iter::once(summary.as_str())
                .chain(p.own.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let said: HashSet<&str> = own.iter().flatten().copied().collect();
    let mut aliases: Vec<Vec<String>> = Vec::with_capacity(operations.len());
    for (i, op) in operations.iter().enumerate() {
        // A phrase some operation says of itself and this one does not is
        // another operation's.
        let claimed_elsewhere = |q: &str| said.contains(q) && !own[i].contains(q);
        let synonyms = phrased[i].synonyms.iter().filter(|q| !claimed_elsewhere(q));
        let given = settings.aliases.get(&op.method_name).into_iter().flatten();
        let path = format!("{} {}", op.http_method, op.path);
        let mut list: Vec<String> = Vec::new();
        for alias in std::iter::once(&summaries[i])
            .chain(&phrased[i].own)
            .chain(synonyms)
            .chain(given)
            .chain(std::iter::once(&path))
        {
            if !alias.is_empty() && !list.contains(alias) {
                list.push(alias.clone());
            }
        }
        aliases.push(list);
    }
    for (op, list) in operations.iter_mut().zip(aliases) {
        op.aliases = list;
    }
    for method in settings.aliases.keys() {
        if !operations.iter().any(|op| &op.method_name == method) {
            diags.warn(
                "",
                format!(
                    "settings.yml's `aliases:` names `{method}`, which this spec has no method of"
                ),
                "remove it, or name the method as the crate spells it",
            );
        }
    }
}
