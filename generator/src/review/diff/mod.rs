//! The changelog between two specs, in terms of the generated Rust API:
//! what was added, removed or changed, and whether a downstream crate that
//! compiled against the old client still compiles against the new one.

mod operations;
mod types;

use serde::Serialize;
use std::collections::BTreeMap;
use templates::model::{
    Api, Field, Operation, PageKind, Param, ParamLocation, Presence, Response, TypeDef,
};
use templates::spelling::{argument_text, type_text};

/// Whether the item itself came or went, or something in it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The item is new.
    Added,
    /// The item is gone.
    Removed,
    /// Something in the item changed.
    Changed,
}

/// One change to one item of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `operation` or `type`.
    pub kind: &'static str,
    /// The method or type name.
    pub item: String,
    /// Whether it came, went or changed.
    pub scope: Scope,
    /// What changed, in a sentence.
    pub change: String,
    /// Whether code written against the old API can stop compiling.
    pub breaking: bool,
}

/// Every change between two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changelog {
    /// The old spec's title and version.
    pub old: String,
    /// The new spec's title and version.
    pub new: String,
    /// Every change, operations first, each sorted by item.
    pub changes: Vec<Change>,
}

impl Changelog {
    /// One line: counts of what changed and how much of it breaks.
    pub fn summary(&self) -> String {
        let count = |kind: &str, scope: Scope| {
            self.changes
                .iter()
                .filter(|c| c.kind == kind && c.scope == scope)
                .count()
        };
        let breaking = self.changes.iter().filter(|c| c.breaking).count();
        let changed = |kind: &str| {
            let items: std::collections::BTreeSet<&str> = self
                .changes
                .iter()
                .filter(|c| c.kind == kind && c.scope == Scope::Changed)
                .map(|c| c.item.as_str())
                .collect();
            items.len()
        };
        let base = if self.changes.iter().any(|c| c.kind == "client") {
            "; base path changed"
        } else {
            ""
        };
        format!(
            "{} changes, {} breaking: operations {} added, {} removed, {} changed; types {} added, {} removed, {} changed{base}",
            self.changes.len(),
            breaking,
            count("operation", Scope::Added),
            count("operation", Scope::Removed),
            changed("operation"),
            count("type", Scope::Added),
            count("type", Scope::Removed),
            changed("type"),
        )
    }

    /// The changelog as Markdown: breaking changes first.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# API changes: {} → {}\n\n{}\n",
            self.old,
            self.new,
            self.summary()
        );
        for (title, breaking) in [("Breaking changes", true), ("Non-breaking changes", false)] {
            let changes: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| c.breaking == breaking)
                .collect();
            out.push_str(&format!("\n## {title} ({})\n", changes.len()));
            for (kind, heading) in [
                ("client", "Client"),
                ("operation", "Operations"),
                ("type", "Types"),
            ] {
                let of_kind: Vec<_> = changes.iter().filter(|c| c.kind == kind).collect();
                if !of_kind.is_empty() {
                    out.push_str(&format!("\n### {heading}\n\n"));
                    for c in of_kind {
                        out.push_str(&format!("- `{}`: {}\n", c.item, c.change));
                    }
                }
            }
        }
        out
    }
}

/// Compares two lowered APIs.
pub fn diff(old: &Api, new: &Api) -> Changelog {
    let mut changes = Vec::new();
    if old.base_path != new.base_path {
        let shown = templates::model::shown_path;
        changes.push(Change {
            kind: "client",
            item: "base path".to_owned(),
            scope: Scope::Changed,
            change: format!(
                "every call's URL moves from under `{}` to under `{}`: a server that serves the API where it did answers none of them (pin the old one with `base_path` in settings.yml if the API did not move)",
                shown(&old.base_path),
                shown(&new.base_path)
            ),
            // Code still compiles, but no call reaches the API any more.
            breaking: true,
        });
    }
    operations::operations(old, new, &mut changes);
    types::types(old, new, &mut changes);
    // A module API's items by their path in the crate (`Agent::method`,
    // `agent::types::Type`): the pod's names alone would be ambiguous.
    if let Some(module) = new.module.as_deref() {
        let handle = templates::home::handle_name(module);
        for c in &mut changes {
            match c.kind {
                "operation" => c.item = format!("{handle}::{}", c.item),
                "type" => c.item = format!("{module}::types::{}", c.item),
                _ => {}
            }
        }
    }
    Changelog {
        old: format!("{} {}", old.title, old.version),
        new: format!("{} {}", new.title, new.version),
        changes,
    }
}

struct Out<'c> {
    changes: &'c mut Vec<Change>,
    kind: &'static str,
    item: String,
}

impl Out<'_> {
    /// A change inside the item.
    fn push(&mut self, change: impl Into<String>, breaking: bool) {
        self.record(Scope::Changed, change, breaking);
    }

    fn record(&mut self, scope: Scope, change: impl Into<String>, breaking: bool) {
        let (kind, item) = (self.kind, self.item.clone());
        self.changes.push(Change {
            kind,
            item,
            scope,
            change: change.into(),
            breaking,
        });
    }
}

/// Items added (not breaking), removed (breaking) and, for items on both
/// sides, what `changed` finds.
fn compare<T>(
    kind: &'static str,
    old: &BTreeMap<String, T>,
    new: &BTreeMap<String, T>,
    describe: impl Fn(&T) -> String,
    changed: impl Fn(&T, &T, &mut Out),
    changes: &mut Vec<Change>,
) {
    for (name, item) in new {
        let mut out = Out {
            changes: &mut *changes,
            kind,
            item: name.clone(),
        };
        match old.get(name) {
            None => out.record(Scope::Added, format!("{} added", describe(item)), false),
            Some(before) => changed(before, item, &mut out),
        }
    }
    for (name, item) in old.iter().filter(|(n, _)| !new.contains_key(*n)) {
        let mut out = Out {
            changes: &mut *changes,
            kind,
            item: name.clone(),
        };
        out.record(Scope::Removed, format!("{} removed", describe(item)), true);
    }
}
