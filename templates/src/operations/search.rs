//! What rustdoc search finds a client method by besides its name: short
//! phrasings of its summary, in its own words and in its verb's synonyms.
//! (`generator::lower::search` picks each method's aliases from them.)

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

/// Words a user types for one action, and the forms a summary writes
/// them in: (`["list"]`, `[("lists", "list")]`).
type VerbGroup = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// The verbs a summary opens with, in groups of words a user types for
/// the same action (the first is the group's own word), each group with
/// the forms a summary writes its words in (`lists` → `list`).
const VERBS: &[VerbGroup] = &[
    (&["list"], &[("lists", "list")]),
    (
        &["get", "fetch", "read", "show"],
        &[
            ("gets", "get"),
            ("reads", "read"),
            ("fetches", "fetch"),
            ("shows", "show"),
            ("retrieve", "get"),
            ("retrieves", "get"),
            ("return", "get"),
            ("returns", "get"),
        ],
    ),
    (
        &["search", "find", "lookup"],
        &[("searches", "search"), ("finds", "find")],
    ),
    (
        &["create", "new", "make"],
        &[("creates", "create"), ("makes", "make")],
    ),
    (
        &["add", "invite"],
        &[("adds", "add"), ("invites", "invite")],
    ),
    (
        &["update", "change", "edit", "set"],
        &[
            ("updates", "update"),
            ("changes", "change"),
            ("edits", "edit"),
            ("sets", "set"),
            ("modify", "update"),
            ("modifies", "update"),
            ("replace", "update"),
            ("replaces", "update"),
        ],
    ),
    (
        &["delete", "remove"],
        &[("deletes", "delete"), ("removes", "remove")],
    ),
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
    ("application", "app"),
    ("applications", "apps"),
];

/// How many of a summary's words (after the verb) phrasings use.
const MAX_NOUNS: usize = 4;

/// How many phrasings of each kind one method gets at most (the search
/// index grows with them, and a long list drowns the right answer).
const MAX_PHRASINGS: usize = 12;

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

/// Short queries a user types for a summary (rustdoc matches an alias only
/// as the whole query).
#[derive(Debug, Default, PartialEq)]
pub struct Phrasings {
    /// In the summary's own words: its verb with a noun ("list members"),
    /// two of its nouns in either order ("room members"), its verb with
    /// two nouns ("list room members").
    pub own: Vec<String>,
    /// Its verb's synonyms with a noun ("fetch session"): true of it too,
    /// unless another operation says them of itself.
    pub synonyms: Vec<String>,
}

/// The phrasings of a summary (as [`search_text`] writes it).
pub fn phrasings(summary: &str) -> Phrasings {
    let all: Vec<&str> = summary.split_whitespace().collect();
    // A possessive's owner ("the user's session") qualifies the noun after
    // it: it pairs with it, but the verb does not take it alone.
    let owners: Vec<&str> = all
        .windows(2)
        .filter(|w| w[1] == "s")
        .map(|w| w[0])
        .collect();
    let words: Vec<&str> = all.into_iter().filter(|w| !FILLER.contains(w)).collect();
    let Some((first, rest)) = words.split_first() else {
        return Phrasings::default();
    };
    // The summary's verb as a user types it, and its synonyms.
    let verb = VERBS.iter().find_map(|(typed, forms)| {
        let own = typed.iter().copied().find(|v| v == first).or_else(|| {
            forms
                .iter()
                .find(|(form, _)| form == first)
                .map(|(_, base)| *base)
        })?;
        Some((own, typed.iter().copied().filter(move |v| *v != own)))
    });
    // "the list of X" is about X.
    let mut nouns: Vec<&str> = match verb {
        Some(_) => rest.to_vec(),
        None => words.clone(),
    };
    nouns.retain(|n| *n != "list");
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
    let mut out = Phrasings::default();
    match verb {
        Some((own, synonyms)) => {
            let alone = || nouns.iter().filter(|n| !owners.contains(n));
            out.own.extend(alone().map(|n| format!("{own} {n}")));
            out.own
                .extend(pairs.iter().map(|(a, b)| format!("{a} {b}")));
            out.own
                .extend(pairs.iter().map(|(a, b)| format!("{own} {a} {b}")));
            for synonym in synonyms {
                out.synonyms
                    .extend(alone().map(|n| format!("{synonym} {n}")));
            }
        }
        None => out
            .own
            .extend(pairs.iter().map(|(a, b)| format!("{a} {b}"))),
    }
    out.own.truncate(MAX_PHRASINGS);
    out.synonyms.truncate(MAX_PHRASINGS);
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
            assert!(p.own.contains(&q.to_owned()), "{q} missing from {p:?}");
        }
        let p = phrasings(&search_text(
            "Get information about the current user's session",
        ));
        assert!(p.own.contains(&"get session".to_owned()), "{p:?}");
        assert!(p.own.contains(&"user session".to_owned()), "{p:?}");
        assert!(!p.own.contains(&"get user".to_owned()), "{p:?}");
        assert!(!p.synonyms.contains(&"show user".to_owned()), "{p:?}");
        let p = phrasings(&search_text("Search for users by name or email address"));
        assert!(p.synonyms.contains(&"find users".to_owned()), "{p:?}");
        let p = phrasings(&search_text("Create a New Chatroom"));
        assert!(p.own.contains(&"create room".to_owned()), "{p:?}");
        assert_eq!(phrasings(""), Phrasings::default());
        assert_eq!(phrasings("the of a"), Phrasings::default());
    }

    #[test]
    fn adding_is_not_creating() {
        let p = phrasings(&search_text("Adds new member to an existing room"));
        let all: Vec<&String> = p.own.iter().chain(&p.synonyms).collect();
        assert!(all.iter().any(|q| *q == "add member"), "{p:?}");
        assert!(
            !all.iter()
                .any(|q| q.starts_with("create ") || q.starts_with("register ")),
            "{p:?}"
        );
    }
}
