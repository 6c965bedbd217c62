//! Which derives each struct gets: `Default` when every field is optional,
//! `Eq` and `Hash` when nothing it holds is a float.

use std::collections::BTreeMap;
use templates::model::{Type, TypeDef};

pub(super) fn decide(types: &mut [TypeDef]) {
    // Start by assuming every struct qualifies and withdraw until nothing
    // changes: recursive types then keep what their other fields allow.
    let mut eq: BTreeMap<String, bool> =
        types.iter().map(|t| (t.name().to_owned(), true)).collect();
    loop {
        let mut changed = false;
        for t in types.iter() {
            let ok = match t {
                TypeDef::Struct(s) => s.fields.iter().all(|f| hashable(&f.ty, &eq)),
                TypeDef::Alias(a) => hashable(&a.ty, &eq),
                TypeDef::Enum(_) => true,
                // A catch-all holds JSON, which has no `Hash`.
                TypeDef::Union(_) => false,
            };
            if eq[t.name()] && !ok {
                eq.insert(t.name().to_owned(), false);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for t in types.iter_mut() {
        if let TypeDef::Struct(s) = t {
            s.eq_hash = eq[&s.name];
            s.default = s.fields.iter().all(|f| !f.presence.is_required());
        }
    }
}

fn hashable(ty: &Type, eq: &BTreeMap<String, bool>) -> bool {
    match ty {
        Type::F32 | Type::F64 => false,
        Type::Vec(inner) | Type::Map(inner) | Type::Nullable(inner) => hashable(inner, eq),
        Type::Named(n) | Type::Boxed(n) => eq.get(n).copied().unwrap_or(false),
        _ => true,
    }
}
