//! The operations' part of the changelog: methods added and removed, and
//! for each method kept, its arguments by position, setters by name,
//! output, paging, HTTP method and path.

use super::*;

pub(super) fn operations(old: &Api, new: &Api, changes: &mut Vec<Change>) {
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
        ParamLocation::Path(_) => "path",
        ParamLocation::Query(_) | ParamLocation::QueryObject(_) => "query",
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
        Response::Optional { some, none } => format!(
            "Option<{}> {{{}: Some, {}: None}}",
            some.ty.as_ref().map_or("()".to_owned(), type_text),
            some.status,
            none.status
        ),
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
