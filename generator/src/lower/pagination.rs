//! Paging → the model: `skip`/`limit` or an `after` cursor, and where in
//! the response the items and the next cursor are.

use super::context::LowerOps;
use templates::model::{Field, PageKind, Pagination, Param, ParamLocation, Response, Step, Type};

/// Query parameters that ask for a page.
const PAGE_WORDS: &[&str] = &[
    "skip", "limit", "offset", "after", "before", "page", "next", "cursor",
];

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

    /// What the method's docs say of paging, when it answers with a list
    /// (or an object holding the list it pages): how `stream` pages it, or that it does
    /// not page, or that the caller asks for the next page; and that
    /// "nothing" can come in more than one form.
    pub(super) fn paging_docs(
        &self,
        params: &[Param],
        response: &Response,
        pagination: Option<&Pagination>,
    ) -> Vec<String> {
        let (body, optional) = match response {
            Response::Json(ty) => (ty, false),
            Response::Optional { some, .. } => match some.ty.as_ref() {
                Some(ty) => (ty, true),
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        // A list, or an object whose list `stream` pages (an object that
        // merely has a list among its fields is no listing).
        if self.list_item(body).is_none() && pagination.is_none() {
            return Vec::new();
        }
        let mut text = match pagination.map(|p| &p.kind) {
            Some(PageKind::SkipLimit) => "It pages by `skip` and `limit`: `stream(page_size)` on its request builder reads every item, page after page, and stops after a page shorter than the page size.".to_owned(),
            Some(PageKind::Cursor { .. }) => "It pages by an `after` cursor: `stream()` on its request builder reads every item, following the cursor each page gives, and stops at an empty page or when no new cursor comes.".to_owned(),
            None => {
                let knobs: Vec<String> = params
                    .iter()
                    .filter(|p| matches!(p.location, ParamLocation::Query(_)))
                    .filter(|p| PAGE_WORDS.contains(&p.wire.to_ascii_lowercase().as_str()))
                    .map(|p| format!("`{}`", p.name))
                    .collect();
                if knobs.is_empty() {
                    "It does not page: one response holds the whole list.".to_owned()
                } else {
                    format!(
                        "One response is one page, and the client does not page it for you (no `stream` method): ask for the next page with {}.",
                        knobs.join(" and ")
                    )
                }
            }
        };
        if optional {
            text.push_str(" Nothing found can come back as `None` (an empty answer, such as 204) as well as an empty or absent list.");
        }
        vec![String::new(), "# Paging".to_owned(), String::new(), text]
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
