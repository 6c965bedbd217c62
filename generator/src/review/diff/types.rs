//! The types' part of the changelog: types added and removed, and for each
//! type kept, its kind, fields, variants and alternatives.

use super::*;

pub(super) fn types(old: &Api, new: &Api, changes: &mut Vec<Change>) {
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
