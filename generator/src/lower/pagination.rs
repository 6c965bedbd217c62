//! Paging → the model: `skip`/`limit` or an `after` cursor, and where in
//! the response the items and the next cursor are.

use super::context::LowerOps;
use templates::model::{Field, PageKind, Pagination, Param, ParamLocation, Response, Step, Type};

impl LowerOps<'_> {
    /// Paging: `skip`/`limit` (i64) or an `after` cursor, over a response
    /// whose items are unambiguous: the response is a list, or has exactly
    /// one list field. A cursor also needs `pagination.cursors.after`.
    pub(super) fn pagination(&self, params: &[Param], response: &Response) -> Option<Pagination> {
        let query = |name: &str, ty: Type| {
            params.iter().any(|p| {
                p.wire == name
                    && p.ty == ty
                    && !p.required
                    && matches!(p.location, ParamLocation::Query(_))
            })
        };
        let skip_limit = query("skip", Type::I64) && query("limit", Type::I64);
        let cursor = query("after", Type::String);
        if !skip_limit && !cursor {
            return None;
        }
        let mut steps = Vec::new();
        let body = match response {
            Response::Json(ty) => ty,
            Response::Optional { some, .. } => {
                steps.push(Step::Some);
                some.ty.as_ref()?
            }
            Response::Choice { name, outcomes } => {
                let [typed] = outcomes
                    .iter()
                    .filter(|o| o.ty.is_some())
                    .collect::<Vec<_>>()[..]
                else {
                    return None;
                };
                steps.push(Step::Variant {
                    enum_name: name.clone(),
                    variant: typed.variant.clone(),
                });
                typed.ty.as_ref()?
            }
            Response::Empty => return None,
        };
        let (item, mut items) = match self.list_item(body) {
            Some(item) => (item, Vec::new()),
            None => {
                let fields = self.struct_of(body)?;
                let lists: Vec<_> = fields
                    .iter()
                    .filter_map(|f| Some((f, self.list_item(&f.ty)?)))
                    .collect();
                let [(field, item)] = &lists[..] else {
                    return None;
                };
                (
                    item.clone(),
                    vec![Step::Field {
                        name: field.name.clone(),
                        optional: !field.presence.is_required(),
                    }],
                )
            }
        };
        let kind = if skip_limit {
            PageKind::SkipLimit
        } else {
            let mut next = steps.clone();
            next.extend(self.field_path(body, &["pagination", "cursors", "after"])?);
            PageKind::Cursor { next }
        };
        steps.append(&mut items);
        Some(Pagination {
            kind,
            item,
            items: steps,
        })
    }

    /// The item type when `ty` is a list (through aliases).
    fn list_item(&self, ty: &Type) -> Option<Type> {
        match self.resolve(ty) {
            Type::Vec(item) => Some((**item).clone()),
            _ => None,
        }
    }

    /// `ty` with aliases followed.
    fn resolve<'t>(&'t self, mut ty: &'t Type) -> &'t Type {
        while let Type::Named(name) | Type::Boxed(name) = ty {
            match self.aliases.get(name.as_str()) {
                Some(next) => ty = next,
                None => break,
            }
        }
        ty
    }

    fn struct_of(&self, ty: &Type) -> Option<&[Field]> {
        match self.resolve(ty) {
            Type::Named(name) | Type::Boxed(name) => {
                self.structs.get(name.as_str()).map(|s| s.fields.as_slice())
            }
            _ => None,
        }
    }

    /// The steps along fields with these wire names.
    fn field_path(&self, ty: &Type, wires: &[&str]) -> Option<Vec<Step>> {
        let mut steps = Vec::new();
        let mut ty = ty;
        for wire in wires {
            let field = self.struct_of(ty)?.iter().find(|f| f.wire == *wire)?;
            steps.push(Step::Field {
                name: field.name.clone(),
                optional: !field.presence.is_required(),
            });
            ty = &field.ty;
        }
        (self.resolve(ty) == &Type::String).then_some(steps)
    }
}
