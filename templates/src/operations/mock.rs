//! What the typed mock pod (feature `mock`) knows of an operation: the
//! request its builder sends, and the response its output decodes from.

use super::*;

/// The builder as the mock pod sees it (feature `mock`): the request it
/// sends, and the response its output decodes from.
pub(super) fn mock_call(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let output = output_type(&op.response);
    let (param, reply) = match &op.response {
        Response::Empty => (quote!(_), quote!(runtime::mock::Reply::empty(204))),
        Response::Json(ty) => (quote!(output), reply(ty, 200, quote!(output))),
        Response::Optional { some, none } => {
            let some = some
                .ty
                .as_ref()
                .map(|ty| reply(ty, some.status, quote!(value)));
            let none = proc_macro2::Literal::u16_unsuffixed(none.status);
            (
                quote!(output),
                quote!(match output {
                    Some(value) => #some,
                    None => runtime::mock::Reply::empty(#none),
                }),
            )
        }
        Response::Choice { name, outcomes } => {
            let name = ident(name);
            let arms = outcomes.iter().map(|o| {
                let variant = ident(&o.variant);
                match &o.ty {
                    Some(ty) => {
                        let reply = reply(ty, o.status, quote!(&**value));
                        quote!(#name::#variant(value) => #reply,)
                    }
                    None => {
                        let status = proc_macro2::Literal::u16_unsuffixed(o.status);
                        quote!(#name::#variant => runtime::mock::Reply::empty(#status),)
                    }
                }
            });
            (quote!(output), quote!(match output { #(#arms)* }))
        }
    };
    quote! {
        #[cfg(feature = "mock")]
        impl runtime::mock::MockCall for #builder<'_> {
            type Output = #output;

            #[inline]
            fn into_request(self) -> runtime::Request {
                self.into_request()
            }

            #[inline]
            fn reply(#param: &#output) -> runtime::mock::Reply {
                #reply
            }
        }
    }
}

/// The response a value of `ty` is decoded from: bytes, text or JSON.
fn reply(ty: &Type, status: u16, value: TokenStream) -> TokenStream {
    let status = proc_macro2::Literal::u16_unsuffixed(status);
    match ty {
        Type::Binary => {
            quote!(runtime::mock::Reply::raw(#status, "application/octet-stream", <[u8]>::to_vec(#value)))
        }
        Type::Text => quote!(runtime::mock::Reply::text(#status, #value)),
        _ => quote!(runtime::mock::Reply::json(#status, #value)),
    }
}
