//! Doc comments from spec text, escaped so rustdoc renders them as written:
//! no doctests, no broken intra-doc links, no stray HTML, no bare URLs.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `#[doc]` attributes for documentation lines (empty when there are none).
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    doc_lines(&escape(lines))
}

/// `#[doc]` attributes for doc lines that are already escaped, each to
/// read as `///` followed by the line (empty when there are none).
///
/// A comment of several lines is one attribute, its lines joined by
/// [`LINE_BREAK`]: the formatter prints it as one `///` line, which
/// [`push_doc_lines`] breaks where the lines were joined. Parsing and
/// printing an attribute cost more than its text does, and most comments
/// are several lines.
pub fn doc_lines(lines: &[String]) -> TokenStream {
    if lines.len() > 1 && lines.iter().all(|line| prints_as_slashes(line)) {
        // The formatter trims the spaces that end a comment's text.
        let joined = lines
            .iter()
            .map(|line| line.trim_end_matches(' '))
            .collect::<Vec<_>>()
            .join(LINE_BREAK.encode_utf8(&mut [0; 4]));
        let joined = doc_literal(&joined);
        return quote! { #[doc = #joined] };
    }
    let lines = lines.iter().map(|line| doc_literal(line));
    quote! { #( #[doc = #lines] )* }
}

/// What joins the lines of a comment in one `#[doc]` attribute
/// ([`doc_lines`]). A doc line holding it would be broken there too; none
/// does: spec text is cleaned (`clean`), which turns control characters into
/// spaces, and the generator's own text has none.
pub const LINE_BREAK: char = '\u{1}';

/// Appends a formatted line, and a line break, to `out`; a `///` line
/// holding lines [`doc_lines`] joined is written as those lines, each with
/// the indentation and the `///`.
pub fn push_doc_lines(out: &mut String, line: &str) {
    // Most lines hold no break: they are copied after one scan for it.
    if line.contains(LINE_BREAK) {
        let text_at = line.len() - line.trim_start_matches(' ').len() + "///".len();
        if let Some(prefix) = line.get(..text_at).filter(|p| p.ends_with("///")) {
            for text in line[text_at..].split(LINE_BREAK) {
                out.push_str(prefix);
                out.push_str(text);
                out.push('\n');
            }
            return;
        }
    }
    out.push_str(line);
    out.push('\n');
}

/// A doc line as a raw string literal (`r#"…"#`). The formatter prints a
/// doc attribute as `///` and the literal's value, so the output is the
/// same as with an escaped literal; but a raw literal is copied, not
/// escaped and unescaped a character at a time. A doc of more than one
/// line, or one starting with `/`, is not printed as `///` and its value,
/// so it keeps an escaped literal, as does text a raw literal cannot hold
/// (a lone carriage return, which `escape` never leaves).
pub fn doc_literal(text: &str) -> Literal {
    // A doc that is not one `///` line is printed some other way, one of
    // them from the literal as written: keep those as they were.
    if !prints_as_slashes(text) {
        return Literal::string(text);
    }
    raw(text).unwrap_or_else(|| Literal::string(text))
}

/// Whether the formatter prints an outer `#[doc]` of `text` as `///` and
/// the text: one line, not starting with `/` (`////` would be a plain
/// comment).
fn prints_as_slashes(text: &str) -> bool {
    !text.contains('\n') && !text.starts_with('/')
}

/// A string literal for text in generated code (JSON in a test): raw
/// (`r#"{"a":1}"#`) when the escaped one would escape quotes or
/// backslashes and nothing else, as a person would write it; otherwise
/// escaped (control characters and the characters that reorder text stay
/// visible as escapes, and rustc refuses the latter raw).
pub fn text_literal(text: &str) -> Literal {
    let needs_escapes = text.contains(['"', '\\']);
    let only_those = text
        .chars()
        .all(|c| matches!(c, '"' | '\\' | '\'') || c.escape_debug().len() == 1);
    if needs_escapes && only_those {
        raw(text).unwrap_or_else(|| Literal::string(text))
    } else {
        Literal::string(text)
    }
}

/// `text` as a raw string literal, with one more `#` than the longest run
/// of them in it; `None` for text a raw literal cannot hold (a carriage
/// return).
fn raw(text: &str) -> Option<Literal> {
    if text.contains('\r') {
        return None;
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '#' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let hashes = "#".repeat(longest + 1);
    format!("r{hashes}\"{text}\"{hashes}").parse().ok()
}

/// Escapes lines of spec text for rustdoc. Leading indentation goes (it
/// would make code blocks); every fenced block (backticks or tildes, any
/// length) keeps its fence but can never be a doctest: it names a language
/// other than Rust, or becomes `text`. Outside fences, brackets and angle
/// brackets are escaped and URLs wrapped in `<…>`. A lone carriage return
/// breaks the line; other control characters become spaces, and Unicode
/// direction overrides are written as escapes (rustc refuses them raw).
pub fn escape(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    // The open fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    let mut in_list = false;
    for line in lines.iter().flat_map(|l| l.split('\r')).map(clean) {
        let trimmed = line.trim();
        if let Some((c, len)) = fence {
            if closes(trimmed, c, len) {
                fence = None;
                out.push(format!(" {}", c.to_string().repeat(len)));
            } else {
                out.push(format!(" {line}"));
            }
            continue;
        }
        // A plain line right after a list item would continue the item
        // (rustdoc and clippy read it so): a blank line ends the list.
        let item = is_list_item(trimmed);
        if in_list && !item && !trimmed.is_empty() {
            out.push(String::new());
        }
        in_list = item;
        if let Some((c, len, info)) = opens(trimmed) {
            fence = Some((c, len));
            out.push(format!(
                " {}{}",
                c.to_string().repeat(len),
                safe_language(info)
            ));
        } else if trimmed.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!(" {}", markdown_text(trimmed)));
        }
    }
    if let Some((c, len)) = fence {
        out.push(format!(" {}", c.to_string().repeat(len)));
    }
    out
}

/// One line of doc text from any spec text (a title, a summary): line
/// breaks and runs of white space become one space, escaped like
/// [`escape`]'s text.
pub fn line(text: &str) -> String {
    format!(" {}", markdown_text(&plain(text)))
}

/// Spec text as one cell of a Markdown table: one line, escaped like
/// [`line()`], with `|` escaped so it cannot end the cell.
pub fn markdown_cell(text: &str) -> String {
    markdown_text(&plain(text)).replace('|', "\\|")
}

/// Spec text for a `//` comment or a string on one line: control
/// characters, line breaks and runs of white space become one space, and
/// direction overrides are escaped.
pub fn plain(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Spec text as an inline code span on one line: delimited by more
/// backticks than it holds in a row (`` a`b ``), so no name can end it.
pub fn code(text: &str) -> String {
    let text = plain(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{text}{fence}")
    } else {
        format!("{fence} {text} {fence}")
    }
}

/// Control characters become spaces; the characters that reorder text
/// (bidi overrides and isolates) are written as `\u{…}` escapes.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        {
            out.push_str(&format!("\\u{{{:X}}}", c as u32));
        } else if c.is_control() && c != '\t' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// A CommonMark fence opening: three or more backticks or tildes, then the
/// info string.
fn opens(line: &str) -> Option<(char, usize, &str)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = line.chars().take_while(|x| *x == c).count();
    let info = &line[len..];
    (len >= 3 && !(c == '`' && info.contains('`'))).then_some((c, len, info.trim()))
}

/// Whether a line closes the fence opened with `len` times `c`.
fn closes(line: &str, c: char, len: usize) -> bool {
    line.chars().count() >= len && line.chars().all(|x| x == c)
}

/// The info string kept when it is one word that rustdoc cannot read as
/// Rust (`json`, `xml`); otherwise `text`.
fn safe_language(info: &str) -> &str {
    let word = !info.is_empty()
        && info
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let rusty = [
        "rust",
        "edition",
        "ignore",
        "should",
        "no_run",
        "no-run",
        "compile",
        "test",
        "standalone",
        "custom",
    ]
    .iter()
    .any(|p| info.to_ascii_lowercase().starts_with(p));
    if word && !rusty {
        info
    } else {
        "text"
    }
}

fn is_list_item(line: &str) -> bool {
    let numbered = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") || numbered
}

fn markdown_text(text: &str) -> String {
    // No URL: the words are escaped as the whole text is (most lines).
    if !text.contains("http") {
        return escape_chars(text);
    }
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

/// `text` with the characters rustdoc would read as a link or HTML escaped.
fn escape_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest = text;
    while let Some(at) = rest.find(['[', ']', '<', '>']) {
        out.push_str(&rest[..at]);
        out.push('\\');
        out.push_str(&rest[at..=at]);
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn text_is_raw_only_where_escapes_were_quotes_and_backslashes() {
        let raw = |text: &str| text_literal(text).to_string().starts_with('r');
        assert!(raw(r#"{"a":"b"}"#));
        assert!(raw(r"C:\dir"));
        assert!(raw("\"#\" and é 😀 'quoted'"));
        assert_eq!(
            text_literal(r##"a"#b"##).to_string(),
            r####"r##"a"#b"##"####
        );
        for escaped in [
            "plain",
            "{}",
            "[1,2]",
            "tab\t\"",
            "two\nlines\"",
            "cr\r\"",
            "\u{202E}\"",
            "\0\"",
        ] {
            assert!(!raw(escaped), "{escaped:?}");
        }
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
    fn no_fence_of_any_kind_runs() {
        let got = escape(&lines(
            "~~~\nassert!(false);\n~~~\n`````\n```\nassert!(false);\n`````\n```should_panic\nx\n```\n~~~~rust,ignore\ny",
        ));
        assert_eq!(
            got,
            [
                " ~~~text",
                " assert!(false);",
                " ~~~",
                " `````text",
                " ```",
                " assert!(false);",
                " `````",
                " ```text",
                " x",
                " ```",
                " ~~~~text",
                " y",
                " ~~~~",
            ]
        );
    }

    #[test]
    fn control_characters_cannot_break_a_comment() {
        let got = escape(&lines("a\rb\u{7}c \u{202E}d"));
        assert_eq!(got, [" a", r" b c \u{202E}d"]);
        assert_eq!(line("Pod\nAPI \"x\"\r"), r#" Pod API "x""#);
        assert_eq!(code("a`b\nc"), "`` a`b c ``");
        assert_eq!(code("id"), "`id`");
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
