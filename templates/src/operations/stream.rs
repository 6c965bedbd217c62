//! The `stream` method of a paged operation: every item of every page, as
//! one `Stream`, by `skip`/`limit` or by the `after` cursor.

use super::*;

/// The `stream` method of a paged operation.
pub(super) fn stream(op: &Operation, pg: &Pagination) -> TokenStream {
    let item = type_tokens(&pg.item);
    let output = output_type(&op.response);
    // Each step but the last binds `value`; the last gives the list.
    let (last, leading) = match pg.items.split_last() {
        Some((last, leading)) => (Some(last), leading),
        None => (None, &[][..]),
    };
    let leading = leading.iter().map(|step| match step {
        Step::Some => quote!(let Some(value) = value else { return Vec::new() };),
        Step::Variant { enum_name, variant } => {
            let (e, v) = (ident(enum_name), ident(variant));
            quote!(let value = match value { #e::#v(inner) => *inner, _ => return Vec::new() };)
        }
        Step::Field {
            name,
            optional: true,
        } => {
            let f = ident(name);
            quote!(let Some(value) = value.#f else { return Vec::new() };)
        }
        Step::Field {
            name,
            optional: false,
        } => {
            let f = ident(name);
            quote!(let value = value.#f;)
        }
    });
    let list = match last {
        None => quote!(value),
        Some(Step::Some) => quote!(value.unwrap_or_default()),
        Some(Step::Variant { enum_name, variant }) => {
            let (e, v) = (ident(enum_name), ident(variant));
            quote!(match value { #e::#v(inner) => *inner, _ => Vec::new() })
        }
        Some(Step::Field {
            name,
            optional: true,
        }) => {
            let f = ident(name);
            quote!(value.#f.unwrap_or_default())
        }
        Some(Step::Field {
            name,
            optional: false,
        }) => {
            let f = ident(name);
            quote!(value.#f)
        }
    };
    let page_items = quote! {
        fn page_items(value: #output) -> Vec<#item> {
            #(#leading)*
            #list
        }
    };
    match &pg.kind {
        PageKind::SkipLimit => quote! {
            /// Every item of every page, as a stream read with
            /// `StreamExt::next` (no pinning): pages of `page_size` items,
            /// the first with `skip` 0, each next one after the items read so
            /// far, until a page holds fewer than `page_size` (values set with
            /// [`skip`](Self::skip) and [`limit`](Self::limit) are replaced).
            /// [`Pages`](crate::Pages) shows it in use.
            #[inline]
            pub fn stream(self, page_size: i64) -> runtime::Pages<'a, #item> {
                #page_items
                runtime::skip_limit(
                    page_size,
                    move |skip, limit| self.clone().skip(skip).limit(limit).send(),
                    page_items,
                )
            }
        },
        PageKind::Cursor { next } => {
            let steps = next.iter().map(|step| match step {
                Step::Some => quote!(let value = value.as_ref()?;),
                Step::Variant { enum_name, variant } => {
                    let (e, v) = (ident(enum_name), ident(variant));
                    quote!(let value = match value { #e::#v(inner) => &**inner, _ => return None };)
                }
                Step::Field {
                    name,
                    optional: true,
                } => {
                    let f = ident(name);
                    quote!(let value = value.#f.as_ref()?;)
                }
                Step::Field {
                    name,
                    optional: false,
                } => {
                    let f = ident(name);
                    quote!(let value = &value.#f;)
                }
            });
            quote! {
                /// Every item of every page, as a stream read with
                /// `StreamExt::next` (no pinning): the first page without
                /// `after`, each next one with the cursor of the page before,
                /// until a page is empty, has no cursor or repeats one.
                /// [`Pages`](crate::Pages) shows it in use.
                #[inline]
                pub fn stream(self) -> runtime::Pages<'a, #item> {
                    #page_items
                    fn next_cursor(value: &#output) -> Option<String> {
                        #(#steps)*
                        Some(value.clone())
                    }
                    runtime::cursor(
                        move |after| match after {
                            Some(after) => self.clone().after(after).send(),
                            None => self.clone().send(),
                        },
                        page_items,
                        next_cursor,
                    )
                }
            }
        }
    }
}
