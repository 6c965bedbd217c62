//! Doc comments from spec text, escaped so rustdoc renders them as written:
//! no doctests, no broken intra-doc links, no stray HTML, no bare URLs.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for documentation lines (empty when there are none).
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let escaped = escape(lines);
    quote! { #( #[doc = #escaped] )* }
}

/// Escapes lines of spec text for rustdoc. Leading indentation goes (it
/// would make code blocks); fenced blocks become `text` blocks unless they
/// name a language other than Rust; outside fences, brackets and angle
/// brackets are escaped and URLs wrapped in `<…>`.
pub fn escape(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut fenced = false;
    let mut in_list = false;
    for line in lines {
        let trimmed = line.trim();
        // A plain line right after a list item would continue the item
        // (rustdoc and clippy read it so): a blank line ends the list.
        let item = is_list_item(trimmed);
        if in_list && !item && !trimmed.is_empty() && !fenced {
            out.push(String::new());
        }
        in_list = item;
        if let Some(lang) = trimmed.strip_prefix("```") {
            let opening = !fenced;
            fenced = !fenced;
            let lang = lang.trim();
            let runs = lang.is_empty() || lang.starts_with("rust");
            out.push(if opening && runs {
                " ```text".to_owned()
            } else {
                format!(" {trimmed}")
            });
        } else if fenced {
            out.push(format!(" {line}"));
        } else if trimmed.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!(" {}", markdown_text(trimmed)));
        }
    }
    if fenced {
        out.push(" ```".to_owned());
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let numbered = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") || numbered
}

fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let url_at = word.find("http://").or_else(|| word.find("https://"));
        match url_at {
            Some(at) => {
                let url_end = word[at..]
                    .find([')', ']', '>', '"', ','])
                    .map_or(word.len(), |e| at + e);
                let url = word[at..url_end].trim_end_matches(['.', ';', ':']);
                out.push_str(&escape_chars(&word[..at]));
                out.push('<');
                out.push_str(url);
                out.push('>');
                out.push_str(&escape_chars(&word[at + url.len()..]));
            }
            None => out.push_str(&escape_chars(word)),
        }
    }
    out
}

fn escape_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        let got = escape(&lines("A [link] to <b>it</b> at https://symphony.com/docs.\n    indented code\nuse snake_case"));
        assert_eq!(
            got,
            [
                r" A \[link\] to \<b\>it\</b\> at <https://symphony.com/docs>.",
                r" indented code",
                r" use snake_case",
            ]
        );
    }

    #[test]
    fn fences_never_become_doctests() {
        let got = escape(&lines(
            "```\nlet x = 1;\n```\n```json\n{}\n```\n```rust\nfn f() {}",
        ));
        assert_eq!(
            got,
            [
                " ```text",
                " let x = 1;",
                " ```",
                " ```json",
                " {}",
                " ```",
                " ```text",
                " fn f() {}",
                " ```"
            ]
        );
    }

    #[test]
    fn a_plain_line_after_a_list_starts_a_new_paragraph() {
        let got = escape(&lines("Actions:\n- SAVE\n- REVOKE\nOthers:\n1. EXTEND"));
        assert_eq!(
            got,
            [
                " Actions:",
                " - SAVE",
                " - REVOKE",
                "",
                " Others:",
                " 1. EXTEND"
            ]
        );
    }
}
