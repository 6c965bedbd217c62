//! What rustdoc search finds a client method by besides its name: its
//! summary, the short phrasings a user types for it, and `METHOD /path`.

use crate::model::Operation;

/// Words a query leaves out or a summary says for grammar only.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "for",
    "to",
    "in",
    "on",
    "by",
    "or",
    "and",
    "with",
    "from",
    "as",
    "at",
    "is",
    "be",
    "this",
    "that",
    "its",
    "it",
    "all",
    "any",
    "given",
    "specified",
    "particular",
    "existing",
    "current",
    "s",
    "into",
    "which",
    "their",
    "your",
    "about",
    "information",
    "details",
    "via",
    "one",
    "new",
    "specific",
];

/// Verbs a summary opens with: the verbs a user types for it (the first
/// is the canonical one), then the forms a summary writes it in.
const VERBS: &[(&[&str], &[&str])] = &[
    (
        &["list", "get", "fetch", "read", "show"],
        &[
            "lists",
            "gets",
            "reads",
            "retrieve",
            "retrieves",
            "returns",
            "return",
        ],
    ),
    (&["search", "find", "lookup"], &["searches", "finds"]),
    (
        &["create", "add", "register"],
        &["creates", "adds", "registers"],
    ),
    (
        &["update", "set", "change", "edit"],
        &[
            "updates", "sets", "changes", "modify", "modifies", "replace", "replaces",
        ],
    ),
    (&["delete", "remove"], &["deletes", "removes"]),
];

/// Words a summary uses, each with the word a user types for the same
/// thing (searched as well).
const NOUNS: &[(&str, &str)] = &[
    ("chatroom", "room"),
    ("chatrooms", "rooms"),
    ("im", "chat"),
    ("certs", "certificates"),
    ("userids", "users"),
    ("entitlements", "permissions"),
];

/// How many of a summary's words (after the verb) phrasings use.
const MAX_NOUNS: usize = 4;

/// How many phrasings one method gets at most (the search index grows
/// with them).
const MAX_PHRASINGS: usize = 48;

/// The method's search aliases: its summary as a user types it
/// ([`search_text`]), short phrasings of it ([`phrasings`]) and its
/// `METHOD /path`.
pub(super) fn search_aliases(op: &Operation) -> Vec<String> {
    let summary = op
        .docs
        .first()
        .map(|line| search_text(line))
        .unwrap_or_default();
    let path = format!("{} {}", op.http_method.to_uppercase(), op.path);
    let mut aliases: Vec<String> = Vec::new();
    let candidates = std::iter::once(summary.clone())
        .chain(phrasings(&summary))
        .chain(std::iter::once(path));
    for alias in candidates {
        if !alias.is_empty() && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    aliases
}

/// A summary as one types it into rustdoc's search: lower-case words,
/// punctuation gone (rustdoc's search reads `,`, `(` and `.` as syntax).
pub fn search_text(summary: &str) -> String {
    summary
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Short queries a user types for a summary (rustdoc matches an alias
/// only as the whole query): two of its nouns in either order ("room
/// members"), its verb or one of the verb's synonyms with a noun ("find
/// users"), and its verb with two nouns ("list room members").
pub(super) fn phrasings(summary: &str) -> Vec<String> {
    let words: Vec<&str> = summary
        .split_whitespace()
        .filter(|w| !FILLER.contains(w))
        .collect();
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    // The summary's own verb first when a user would type it as written.
    let (verbs, mut nouns): (Vec<&str>, Vec<&str>) = match VERBS
        .iter()
        .find(|(typed, forms)| typed.contains(first) || forms.contains(first))
    {
        Some((typed, _)) => {
            let own = typed.iter().find(|v| *v == first).unwrap_or(&typed[0]);
            let others = typed.iter().filter(|v| *v != own);
            (
                std::iter::once(own).chain(others).copied().collect(),
                rest.to_vec(),
            )
        }
        None => (Vec::new(), words.clone()),
    };
    nouns.dedup();
    nouns.truncate(MAX_NOUNS);
    let nouns: Vec<&str> = nouns
        .into_iter()
        .flat_map(|n| {
            let typed = NOUNS.iter().find(|(w, _)| *w == n).map(|(_, t)| *t);
            std::iter::once(n).chain(typed)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = nouns
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            nouns
                .iter()
                .enumerate()
                .filter(move |(j, b)| *j != i && a != *b)
                .map(move |(_, b)| (*a, *b))
        })
        .collect();
    // Most likely first: the summary's verb or a synonym with one noun,
    // then two nouns alone, then the verb with two.
    let mut out = Vec::new();
    if let Some((verb, synonyms)) = verbs.split_first() {
        out.extend(nouns.iter().map(|n| format!("{verb} {n}")));
        for synonym in synonyms {
            out.extend(nouns.iter().map(|n| format!("{synonym} {n}")));
        }
        out.extend(pairs.iter().map(|(a, b)| format!("{a} {b}")));
        out.extend(pairs.iter().map(|(a, b)| format!("{verb} {a} {b}")));
    } else {
        out.extend(pairs.iter().map(|(a, b)| format!("{a} {b}")));
    }
    out.truncate(MAX_PHRASINGS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_phrasings_of_a_summary_are_found() {
        let p = phrasings(&search_text("Lists current members of an existing room."));
        for q in [
            "room members",
            "members room",
            "list room members",
            "list members",
        ] {
            assert!(p.contains(&q.to_owned()), "{q} missing from {p:?}");
        }
        let p = phrasings(&search_text("Search for users by name or email address"));
        assert!(p.contains(&"find users".to_owned()), "{p:?}");
        let p = phrasings(&search_text("Create a New Chatroom"));
        assert!(p.contains(&"create room".to_owned()), "{p:?}");
        assert!(phrasings("").is_empty());
        assert!(phrasings("the of a").is_empty());
    }
}
