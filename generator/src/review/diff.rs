//! The changelog between two specs, in terms of the generated Rust API:
//! what was added, removed or changed, and whether a downstream crate that
//! compiled against the old client still compiles against the new one.

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
    Added,
    Removed,
    Changed,
}

/// One change to one item of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `operation` or `type`.
    pub kind: &'static str,
    /// The method or type name.
    pub item: String,
    pub scope: Scope,
    /// What changed, in a sentence.
    pub change: String,
    /// Whether code written against the old API can stop compiling.
    pub breaking: bool,
}

/// Every change between two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changelog {
    pub old: String,
    pub new: String,
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
        let shown = |p: &str| {
            if p.is_empty() {
                "/".to_owned()
            } else {
                p.to_owned()
            }
        };
        changes.push(Change {
            kind: "client",
            item: "base path".to_owned(),
            scope: Scope::Changed,
            change: format!(
                "every request URL moves from under `{}` to under `{}`",
                shown(&old.base_path),
                shown(&new.base_path)
            ),
            breaking: false,
        });
    }
    operations(old, new, &mut changes);
    types(old, new, &mut changes);
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

fn operations(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let by_name = |api: &Api| {
        api.operations
            .iter()
            .map(|o| (o.method_name.clone(), o.clone()))
            .collect()
    };
    let describe = |op: &Operation| format!("`{} {}`", op.http_method, op.path);
    compare(
        "operation",
        &by_name(old),
        &by_name(new),
        describe,
        operation,
        changes,
    );
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

/// What a downstream crate sees of an operation: the method's arguments
/// (by position: their names are not part of the API), the builder's
/// setters (by name), the response and the `stream` method; and what it
/// does not see but gets: the HTTP method, the path and the wire names.
fn operation(old: &Operation, new: &Operation, out: &mut Out) {
    if (&old.http_method, &old.path) != (&new.http_method, &new.path) {
        out.push(
            format!(
                "now sends `{} {}` (was `{} {}`)",
                new.http_method, new.path, old.http_method, old.path
            ),
            false,
        );
    }
    let key = |p: &Param| (p.wire.clone(), location(p.location));
    let moved = |from: &Operation, to: &Operation, required: bool| -> Vec<(String, &'static str)> {
        from.params
            .iter()
            .filter(|p| p.required != required)
            .filter(|p| {
                to.params
                    .iter()
                    .any(|q| q.required == required && key(q) == key(p))
            })
            .map(key)
            .collect()
    };
    // Parameters that moved between the arguments and the setters.
    let made_required = moved(old, new, true);
    let made_optional = moved(old, new, false);
    for (wire, place) in &made_required {
        out.push(
            format!("{place} parameter `{wire}` made required (now an argument)"),
            true,
        );
    }
    for (wire, place) in &made_optional {
        out.push(
            format!("{place} parameter `{wire}` made optional (now a setter)"),
            true,
        );
    }
    let stays = |p: &&Param| !made_required.contains(&key(p)) && !made_optional.contains(&key(p));
    let arguments = |op: &Operation| -> Vec<Param> {
        op.params
            .iter()
            .filter(|p| p.required)
            .filter(stays)
            .cloned()
            .collect()
    };
    arguments_changed(&arguments(old), &arguments(new), out);
    let setters = |op: &Operation| -> BTreeMap<String, Param> {
        op.params
            .iter()
            .filter(|p| !p.required)
            .filter(stays)
            .map(|p| (p.name.clone(), p.clone()))
            .collect()
    };
    setters_changed(&setters(old), &setters(new), out);
    let (before, after) = (output(&old.response), output(&new.response));
    if before != after {
        out.push(
            format!("response retyped from `{before}` to `{after}`"),
            true,
        );
    }
    // The `stream` method's signature: its kind (a page size or not) and
    // its item; where the items are found is not part of it.
    let stream = |op: &Operation| {
        op.pagination
            .as_ref()
            .map(|p| (matches!(p.kind, PageKind::SkipLimit), p.item.clone()))
    };
    match (stream(old), stream(new)) {
        (None, Some(_)) => out.push("now pages: a `stream` method added", false),
        (Some(_), None) => out.push("no longer pages: the `stream` method removed", true),
        (Some(a), Some(b)) if a != b => out.push(
            "paging changed: the `stream` method's item or arguments changed",
            true,
        ),
        _ => {}
    }
}

/// The method's arguments, by position.
fn arguments_changed(old: &[Param], new: &[Param], out: &mut Out) {
    let signature =
        |ps: &[Param]| -> Vec<String> { ps.iter().map(|p| argument_text(&p.ty)).collect() };
    if signature(old) != signature(new) {
        let show = |ps: &[Param]| {
            ps.iter()
                .map(|p| format!("{}: {}", p.name, argument_text(&p.ty)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let added: Vec<_> = new
            .iter()
            .filter(|p| !old.iter().any(|q| q.wire == p.wire))
            .map(|p| {
                format!(
                    "required {} parameter `{}` added",
                    location(p.location),
                    p.wire
                )
            })
            .collect();
        let note = if added.is_empty() {
            String::new()
        } else {
            format!(" ({})", added.join(", "))
        };
        out.push(
            format!(
                "arguments changed from `({})` to `({})`{note}",
                show(old),
                show(new)
            ),
            true,
        );
        return;
    }
    // Same signature: what each position sends may still have changed.
    for (a, b) in old.iter().zip(new) {
        if key_of(a) != key_of(b) {
            out.push(
                format!(
                    "argument `{}` now sent as {} parameter `{}` (was {} `{}`)",
                    b.name,
                    location(b.location),
                    b.wire,
                    location(a.location),
                    a.wire
                ),
                false,
            );
        }
    }
}

/// The builder's setters, by name; a setter removed and one added with the
/// same type and place is a rename.
fn setters_changed(old: &BTreeMap<String, Param>, new: &BTreeMap<String, Param>, out: &mut Out) {
    let mut removed: Vec<&Param> = old
        .values()
        .filter(|p| !new.contains_key(&p.name))
        .collect();
    let mut added: Vec<&Param> = new
        .values()
        .filter(|p| !old.contains_key(&p.name))
        .collect();
    added.retain(|a| {
        let twin = removed
            .iter()
            .position(|r| r.ty == a.ty && location(r.location) == location(a.location));
        match twin {
            Some(i) => {
                let r = removed.remove(i);
                out.push(format!("setter `{}` renamed to `{}`", r.name, a.name), true);
                false
            }
            None => true,
        }
    });
    for p in added {
        out.push(
            format!(
                "optional {} parameter `{}` added (a new setter)",
                location(p.location),
                p.wire
            ),
            false,
        );
    }
    for p in removed {
        out.push(
            format!("{} parameter `{}` removed", location(p.location), p.wire),
            true,
        );
    }
    for (name, a) in old {
        let Some(b) = new.get(name) else { continue };
        if a.ty != b.ty {
            out.push(
                format!(
                    "{} parameter `{}` retyped from `{}` to `{}`",
                    location(b.location),
                    b.wire,
                    type_text(&a.ty),
                    type_text(&b.ty)
                ),
                true,
            );
        } else if key_of(a) != key_of(b) {
            out.push(
                format!(
                    "setter `{name}` now sends {} parameter `{}` (was {} `{}`)",
                    location(b.location),
                    b.wire,
                    location(a.location),
                    a.wire
                ),
                false,
            );
        }
    }
}

fn key_of(p: &Param) -> (&str, &'static str) {
    (&p.wire, location(p.location))
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query(_) => "query",
        ParamLocation::Header => "header",
        ParamLocation::Body => "body",
        ParamLocation::Form => "form",
        ParamLocation::Part | ParamLocation::PartJson => "multipart",
    }
}

fn output(response: &Response) -> String {
    match response {
        Response::Empty => "()".to_owned(),
        Response::Json(ty) => type_text(ty),
        Response::Choice { name, outcomes } => {
            let arms: Vec<_> = outcomes
                .iter()
                .map(|o| {
                    format!(
                        "{}{}",
                        o.status,
                        o.ty.as_ref()
                            .map_or(String::new(), |t| format!(": {}", type_text(t)))
                    )
                })
                .collect();
            format!("{name} {{{}}}", arms.join(", "))
        }
    }
}

fn types(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let by_name = |api: &Api| {
        let mut all: BTreeMap<String, TypeDef> = api
            .modules
            .iter()
            .flat_map(|m| &m.types)
            .map(|t| (t.name().to_owned(), t.clone()))
            .collect();
        all.extend(
            api.operations
                .iter()
                .flat_map(|o| &o.types)
                .map(|t| (t.name().to_owned(), t.clone())),
        );
        all
    };
    compare(
        "type",
        &by_name(old),
        &by_name(new),
        |t| kind(t).to_owned(),
        type_def,
        changes,
    );
}

fn kind(t: &TypeDef) -> &'static str {
    match t {
        TypeDef::Struct(_) => "struct",
        TypeDef::Enum(_) => "enum",
        TypeDef::Alias(_) => "type alias",
        TypeDef::Union(u) if u.tag.is_some() => "tagged union",
        TypeDef::Union(_) => "union",
    }
}

fn type_def(old: &TypeDef, new: &TypeDef, out: &mut Out) {
    match (old, new) {
        (TypeDef::Struct(a), TypeDef::Struct(b)) => {
            fields(&a.fields, &b.fields, out);
            for (had, has, what) in [
                (a.default, b.default, "Default"),
                (a.eq_hash, b.eq_hash, "Eq and Hash"),
            ] {
                if had != has {
                    out.push(
                        format!(
                            "{} {what}",
                            if has {
                                "now derives"
                            } else {
                                "no longer derives"
                            }
                        ),
                        had,
                    );
                }
            }
        }
        (TypeDef::Enum(a), TypeDef::Enum(b)) => {
            for v in b
                .variants
                .iter()
                .filter(|v| !a.variants.iter().any(|w| w.wire == v.wire))
            {
                out.push(
                    format!(
                        "value `{}` added (the enum is non_exhaustive and has a catch-all)",
                        v.wire
                    ),
                    false,
                );
            }
            for v in a
                .variants
                .iter()
                .filter(|v| !b.variants.iter().any(|w| w.wire == v.wire))
            {
                out.push(
                    format!("value `{}` removed (variant `{}` is gone)", v.wire, v.name),
                    true,
                );
            }
            // The enum derives `Ord`: values kept in another order compare
            // differently.
            let kept = |of: &[templates::model::Variant], other: &[templates::model::Variant]| {
                of.iter()
                    .filter(|v| other.iter().any(|w| w.wire == v.wire))
                    .map(|v| v.wire.clone())
                    .collect::<Vec<_>>()
            };
            if kept(&a.variants, &b.variants) != kept(&b.variants, &a.variants) {
                out.push("values reordered (`Ord` compares them differently)", false);
            }
        }
        (TypeDef::Alias(a), TypeDef::Alias(b)) if a.ty != b.ty => {
            out.push(
                format!(
                    "retyped from `{}` to `{}`",
                    type_text(&a.ty),
                    type_text(&b.ty)
                ),
                true,
            );
        }
        (TypeDef::Alias(_), TypeDef::Alias(_)) => {}
        (TypeDef::Union(a), TypeDef::Union(b)) if a.tag == b.tag => {
            for v in &b.variants {
                match a.variants.iter().find(|w| w.name == v.name) {
                    None => out.push(
                        format!("variant `{}` added (the enum is non_exhaustive)", v.name),
                        false,
                    ),
                    Some(w) if w.ty != v.ty => out.push(
                        format!(
                            "variant `{}` retyped from `{}` to `{}`",
                            v.name,
                            type_text(&w.ty),
                            type_text(&v.ty)
                        ),
                        true,
                    ),
                    Some(w) if w.tags != v.tags => out.push(
                        format!(
                            "variant `{}` now selected by {:?} (was {:?})",
                            v.name, v.tags, w.tags
                        ),
                        false,
                    ),
                    Some(_) => {}
                }
            }
            for v in a
                .variants
                .iter()
                .filter(|v| !b.variants.iter().any(|w| w.name == v.name))
            {
                out.push(format!("variant `{}` removed", v.name), true);
            }
        }
        _ => out.push(format!("changed from {} to {}", kind(old), kind(new)), true),
    }
}

fn fields(old: &[Field], new: &[Field], out: &mut Out) {
    for f in new {
        match old.iter().find(|g| g.wire == f.wire) {
            None if f.presence.is_required() => out.push(
                format!(
                    "required field `{}` added (`new` gains an argument)",
                    f.wire
                ),
                true,
            ),
            None => out.push(format!("optional field `{}` added", f.wire), false),
            Some(g) => {
                if g.ty != f.ty {
                    out.push(
                        format!(
                            "field `{}` retyped from `{}` to `{}`",
                            f.wire,
                            type_text(&g.ty),
                            type_text(&f.ty)
                        ),
                        true,
                    );
                }
                if g.presence != f.presence {
                    out.push(
                        format!(
                            "field `{}` changed from {} to {}",
                            f.wire,
                            presence(g.presence),
                            presence(f.presence)
                        ),
                        true,
                    );
                }
                if g.constraints != f.constraints {
                    let show = |c: &[String]| {
                        if c.is_empty() {
                            "none".to_owned()
                        } else {
                            c.join(", ")
                        }
                    };
                    out.push(
                        format!("constraints of field `{}` changed from {} to {} (not checked by the client)", f.wire, show(&g.constraints), show(&f.constraints)),
                        false,
                    );
                }
            }
        }
    }
    for g in old.iter().filter(|g| !new.iter().any(|f| f.wire == g.wire)) {
        out.push(format!("field `{}` removed", g.wire), true);
    }
}

fn presence(p: Presence) -> &'static str {
    match p {
        Presence::Required => "required",
        Presence::Optional => "optional",
        Presence::Nullable => "required but nullable",
    }
}
