//! Renders diagnostics like a compiler: the source line with a caret, what is
//! wrong, the JSON pointer, and what to do.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Source;
use annotate_snippets::{Level, Renderer, Snippet};

/// One diagnostic as plain text (no colours), ending without a newline.
pub fn render(diagnostic: &Diagnostic, source: &Source) -> String {
    let level = match diagnostic.severity {
        Severity::Warning => Level::Warning,
        Severity::Error => Level::Error,
    };
    let location = diagnostic.location.unwrap_or(source.location(0));
    let line = source.line_text(location.line);
    let mut caret = location
        .offset
        .saturating_sub(source.line_start(location.line))
        .min(line.len());
    while !line.is_char_boundary(caret) {
        caret -= 1;
    }
    // Control characters (a binary file's, a lone CR) would garble the
    // terminal: each is shown as a space, one byte for one.
    let shown: String = line
        .chars()
        .map(|c| {
            if c.is_ascii_control() && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let span_end = shown[caret..]
        .chars()
        .next()
        .map_or(caret, |c| caret + c.len_utf8());
    let pointer = format!("at {}", display_pointer(&diagnostic.pointer));
    let mut message = level.title(&diagnostic.message).snippet(
        Snippet::source(&shown)
            .line_start(location.line)
            .origin(&source.name)
            // annotate-snippets draws `^` for error-level spans only.
            .annotation(Level::Error.span(caret..span_end)),
    );
    message = message.footer(Level::Note.title(&pointer));
    if let Some(help) = &diagnostic.help {
        message = message.footer(Level::Help.title(help));
    }
    let text = Renderer::plain().render(message).to_string();
    text
}

/// All diagnostics, each followed by a blank line, then a one-line summary.
pub fn render_all<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    source: &Source,
) -> String {
    let (mut out, mut warnings, mut errors) = (String::new(), 0, 0);
    for d in diagnostics {
        out.push_str(&render(d, source));
        out.push_str("\n\n");
        match d.severity {
            Severity::Warning => warnings += 1,
            Severity::Error => errors += 1,
        }
    }
    out.push_str(&format!(
        "{}: {errors} error(s), {warnings} warning(s)\n",
        source.name
    ));
    out
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "the document root"
    } else {
        pointer
    }
}
