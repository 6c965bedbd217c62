//! Recursive types: a field whose type leads back to its own struct without
//! passing through a `Vec` or map is boxed, so the type has a finite size.

use std::collections::{BTreeMap, BTreeSet};
use templates::model::{Type, TypeDef};

/// Replaces `Named` with `Boxed` on every field that closes a cycle.
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .map(|t| (t.name().to_owned(), direct(t)))
        .collect();
    for t in types.iter_mut() {
        let TypeDef::Struct(s) = t else { continue };
        for f in &mut s.fields {
            if let Type::Named(target) = &f.ty {
                if reaches(&edges, target, &s.name) {
                    f.ty = Type::Boxed(target.clone());
                }
            }
        }
    }
}

/// The types a type contains by value.
fn direct(t: &TypeDef) -> BTreeSet<String> {
    let named = |ty: &Type| match ty {
        Type::Named(n) => Some(n.clone()),
        _ => None,
    };
    match t {
        TypeDef::Struct(s) => s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeDef::Alias(a) => named(&a.ty).into_iter().collect(),
        TypeDef::Enum(_) | TypeDef::Union(_) => BTreeSet::new(),
    }
}

fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n.clone()) {
            stack.extend(edges.get(&n).into_iter().flatten().cloned());
        }
    }
    false
}
