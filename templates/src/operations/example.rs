//! The example on a request builder's page: the call with its required
//! arguments (literals where a literal reads well, else a variable of the
//! argument's type), one optional setter, `send`. A doctest: it compiles.

use super::*;
use crate::spelling::type_text_at;

/// The `# Example` section of the builder's docs, one line per `#[doc]`.
pub(super) fn builder_example(op: &Operation, home: Home<'_>, krate: &str) -> Vec<String> {
    let site = Site::Path {
        root: krate,
        module: home.module,
        own: &op.types,
    };
    // Arguments without a readable literal are the example's parameters.
    let mut params = vec![format!("client: &{krate}::Client")];
    let mut given = Vec::new();
    let args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            literal(&p.ty, &p.wire).unwrap_or_else(|| {
                let name = ident(&p.name).to_string();
                params.push(format!("{name}: {}", type_text_at(&p.ty, site)));
                given.push(format!(
                    "// `{name}`: {}",
                    crate::spelling::type_text(&p.ty)
                ));
                name
            })
        })
        .collect();
    let setter = op
        .params
        .iter()
        .filter(|p| !p.required)
        .find_map(|p| Some(format!(".{}({})", ident(&p.name), literal(&p.ty, &p.wire)?)));
    let mut lines = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "```".to_owned(),
        format!(
            "# async fn example({}) -> Result<(), {krate}::Error> {{",
            params.join(", ")
        ),
    ];
    lines.extend(given);
    lines.extend([format!(
        "let answer = client{}.{}({})",
        home.via(),
        ident(&op.method_name),
        args.join(", ")
    )]);
    lines.extend(setter.map(|s| format!("    {s}")));
    lines.push("    .send()".to_owned());
    lines.push("    .await?;".to_owned());
    lines.push("println!(\"{} {:?}\", answer.status(), *answer);".to_owned());
    lines.extend(["# Ok(())", "# }", "```"].map(str::to_owned));
    lines
        .into_iter()
        .map(|l| format!(" {l}").trim_end().to_owned())
        .collect()
}

/// A literal that reads as a sample of the type, when one does.
fn literal(ty: &Type, wire: &str) -> Option<String> {
    Some(match ty {
        Type::I32 | Type::I64 => "123".to_owned(),
        Type::F32 | Type::F64 => "1.5".to_owned(),
        Type::Bool => "true".to_owned(),
        Type::String | Type::Text => {
            // Only characters that cannot end the string or the code block.
            let name: String = wire
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            format!("\"{name}-value\"")
        }
        _ => return None,
    })
}
